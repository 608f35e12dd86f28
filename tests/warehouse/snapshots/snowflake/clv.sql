-- xlkpi clv: Customer lifetime value, per month, options: defaults; snowflake SQL
WITH "t3" AS (
  SELECT
    MIN(
      (
        (
          (
            DATE_PART(year, "t1"."order_date") - 1970
          ) * 12
        ) + DATE_PART(month, "t1"."order_date")
      ) - 1
    ) AS "lo",
    MAX(
      (
        (
          (
            DATE_PART(year, "t1"."order_date") - 1970
          ) * 12
        ) + DATE_PART(month, "t1"."order_date")
      ) - 1
    ) AS "hi"
  FROM (
    SELECT
      *
    FROM "orders" AS "t0"
    WHERE
      "t0"."order_date" IS NOT NULL
  ) AS "t1"
), "t5" AS (
  SELECT
    "t2"."customer_id",
    "t2"."key",
    COUNT(*) AS "n",
    SUM("t2"."revenue") AS "revenue",
    SUM(IFF(COALESCE("t2"."revenue" IS NULL, FALSE), 1, 0)) AS "blank"
  FROM (
    SELECT
      "t0"."order_id",
      "t0"."order_date",
      "t0"."customer_id",
      "t0"."revenue",
      "t0"."cost",
      "t0"."status",
      "t0"."channel",
      "t0"."device",
      (
        (
          (
            DATE_PART(year, "t0"."order_date") - 1970
          ) * 12
        ) + DATE_PART(month, "t0"."order_date")
      ) - 1 AS "p",
      (
        (
          (
            DATE_PART(year, "t0"."order_date") - 1970
          ) * 12
        ) + DATE_PART(month, "t0"."order_date")
      ) - 1 AS "key"
    FROM "orders" AS "t0"
    WHERE
      "t0"."order_date" IS NOT NULL
      AND (
        (
          LOWER(TRIM("t0"."status", ' \t\n\r\f')) IS NULL
        )
        OR LOWER(TRIM("t0"."status", ' \t\n\r\f')) IN ('', 'paid')
      )
      AND "t0"."customer_id" IS NOT NULL
  ) AS "t2"
  GROUP BY
    1,
    2
), "t15" AS (
  SELECT
    "t14"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t14"."p" >= "t8"."lo0"
        ) AND (
          "t14"."p" <= "t8"."hi0"
        )
      ),
      FALSE
    ) AS "covered"
  FROM (
    SELECT
      CAST(NULLIF(IFF(_u.pos = _u_2.pos_2, _u_2."p", NULL), '') AS BIGINT) AS "p"
    FROM (
      SELECT
        MIN("t4"."lo") AS "lo",
        MAX("t4"."hi") AS "hi"
      FROM "t3" AS "t4"
    ) AS "t9"
    CROSS JOIN TABLE(FLATTEN(INPUT => ARRAY_GENERATE_RANGE(
      0,
      (
        GREATEST(
          ARRAY_SIZE(
            SPLIT(
              ARRAY_TO_STRING(
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t9"."lo", "t9"."hi" + 1, 1), []), []),
                'xlkpi_separator_1'
              ),
              'xlkpi_separator_1'
            )
          )
        ) - 1
      ) + 1
    ))) AS _u(seq, key, path, index, pos, this)
    CROSS JOIN TABLE(FLATTEN(INPUT => SPLIT(
      ARRAY_TO_STRING(
        NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t9"."lo", "t9"."hi" + 1, 1), []), []),
        'xlkpi_separator_1'
      ),
      'xlkpi_separator_1'
    ))) AS _u_2(seq, key, path, pos_2, "p", this)
    WHERE
      _u.pos = _u_2.pos_2
      OR (
        _u.pos > (
          ARRAY_SIZE(
            SPLIT(
              ARRAY_TO_STRING(
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t9"."lo", "t9"."hi" + 1, 1), []), []),
                'xlkpi_separator_1'
              ),
              'xlkpi_separator_1'
            )
          ) - 1
        )
        AND _u_2.pos_2 = (
          ARRAY_SIZE(
            SPLIT(
              ARRAY_TO_STRING(
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t9"."lo", "t9"."hi" + 1, 1), []), []),
                'xlkpi_separator_1'
              ),
              'xlkpi_separator_1'
            )
          ) - 1
        )
      )
  ) AS "t14"
  CROSS JOIN (
    SELECT
      "t4"."lo" AS "lo0",
      "t4"."hi" AS "hi0"
    FROM "t3" AS "t4"
  ) AS "t8"
), "t23" AS (
  SELECT
    "t22"."p",
    "t22"."lo",
    "t22"."hi",
    "t12"."key",
    "t12"."n",
    "t12"."revenue",
    "t12"."blank"
  FROM (
    SELECT
      "t16"."p",
      (
        (
          (
            (
              DATE_PART(
                year,
                DATE_FROM_PARTS(
                  CAST(FLOOR((
                    "t16"."p" + 1
                  ) / (
                    12
                  )) AS BIGINT) + 1970,
                  (
                    (
                      "t16"."p" + 1
                    ) - (
                      CAST(FLOOR((
                        "t16"."p" + 1
                      ) / (
                        12
                      )) AS BIGINT) * 12
                    )
                  ) + 1,
                  1
                )
              ) - 1970
            ) * 12
          ) + DATE_PART(
            month,
            DATE_FROM_PARTS(
              CAST(FLOOR((
                "t16"."p" + 1
              ) / (
                12
              )) AS BIGINT) + 1970,
              (
                (
                  "t16"."p" + 1
                ) - (
                  CAST(FLOOR((
                    "t16"."p" + 1
                  ) / (
                    12
                  )) AS BIGINT) * 12
                )
              ) + 1,
              1
            )
          )
        ) - 1
      ) - 12 AS "lo",
      (
        (
          (
            DATE_PART(
              year,
              DATE_FROM_PARTS(
                CAST(FLOOR((
                  "t16"."p" + 1
                ) / (
                  12
                )) AS BIGINT) + 1970,
                (
                  (
                    "t16"."p" + 1
                  ) - (
                    CAST(FLOOR((
                      "t16"."p" + 1
                    ) / (
                      12
                    )) AS BIGINT) * 12
                  )
                ) + 1,
                1
              )
            ) - 1970
          ) * 12
        ) + DATE_PART(
          month,
          DATE_FROM_PARTS(
            CAST(FLOOR((
              "t16"."p" + 1
            ) / (
              12
            )) AS BIGINT) + 1970,
            (
              (
                "t16"."p" + 1
              ) - (
                CAST(FLOOR((
                  "t16"."p" + 1
                ) / (
                  12
                )) AS BIGINT) * 12
              )
            ) + 1,
            1
          )
        )
      ) - 1 AS "hi"
    FROM "t15" AS "t16"
  ) AS "t22"
  INNER JOIN (
    SELECT
      "t7"."key",
      SUM("t7"."n") AS "n",
      SUM("t7"."revenue") AS "revenue",
      SUM("t7"."blank") AS "blank"
    FROM "t5" AS "t7"
    GROUP BY
      1
  ) AS "t12"
    ON "t12"."key" >= "t22"."lo" AND "t12"."key" < "t22"."hi"
), "t31" AS (
  SELECT
    *
  FROM (
    SELECT
      "t29"."customer_id",
      "t29"."key",
      "t29"."first",
      "t29"."last",
      IFF(
        (
          LAG("t29"."last") OVER (PARTITION BY "t29"."customer_id" ORDER BY "t29"."key" ASC) IS NULL
        )
        OR (
          LAG("t29"."last") OVER (PARTITION BY "t29"."customer_id" ORDER BY "t29"."key" ASC) < "t29"."first"
        ),
        "t29"."first",
        LAG("t29"."last") OVER (PARTITION BY "t29"."customer_id" ORDER BY "t29"."key" ASC) + 1
      ) AS "start"
    FROM (
      SELECT
        "t10"."customer_id",
        "t10"."key",
        "t27"."first",
        "t27"."last"
      FROM "t5" AS "t10"
      INNER JOIN (
        SELECT
          "t24"."key",
          MIN("t24"."p") AS "first",
          MAX("t24"."p") AS "last"
        FROM "t23" AS "t24"
        GROUP BY
          1
      ) AS "t27"
        ON "t10"."key" = "t27"."key"
    ) AS "t29"
  ) AS "t30"
  WHERE
    "t30"."start" <= "t30"."last"
)
SELECT
  "t45"."p" AS "period",
  '' AS "segment",
  IFF("t45"."covered", "t45"."value", CAST(NULL AS DOUBLE)) AS "value"
FROM (
  SELECT
    "t20"."p",
    "t20"."covered",
    "t44"."value"
  FROM (
    SELECT
      *
    FROM "t15" AS "t16"
  ) AS "t20"
  LEFT OUTER JOIN (
    SELECT
      "t42"."p" AS "p_fact",
      "t42"."value"
    FROM (
      SELECT
        "t28"."p",
        IFF(
          "t28"."blank" > 0,
          CAST(NULL AS DOUBLE),
          "t28"."revenue" / NULLIF(CAST("t28"."n" AS DOUBLE), 0)
        ) * (
          CAST("t28"."n" AS DOUBLE) / NULLIF(CAST("t41"."buyers" AS DOUBLE), 0)
        ) * 3.0 AS "value"
      FROM (
        SELECT
          "t24"."p",
          SUM("t24"."n") AS "n",
          SUM("t24"."revenue") AS "revenue",
          SUM("t24"."blank") AS "blank"
        FROM "t23" AS "t24"
        GROUP BY
          1
      ) AS "t28"
      INNER JOIN (
        SELECT
          "t39"."p",
          SUM("t39"."d") OVER (ORDER BY "t39"."p" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "buyers"
        FROM (
          SELECT
            "t19"."p",
            COALESCE("t38"."d", 0) AS "d"
          FROM (
            SELECT
              "t16"."p"
            FROM "t15" AS "t16"
          ) AS "t19"
          LEFT OUTER JOIN (
            SELECT
              "t36"."p" AS "p_fact",
              "t36"."d"
            FROM (
              SELECT
                "t35"."p",
                SUM("t35"."d") AS "d"
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    "t32"."start" AS "p",
                    COUNT(*) AS "d"
                  FROM "t31" AS "t32"
                  GROUP BY
                    1
                ) AS "t33"
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    "t32"."last" + 1 AS "p",
                    -(
                      COUNT(*)
                    ) AS "d"
                  FROM "t31" AS "t32"
                  GROUP BY
                    1
                ) AS "t34"
              ) AS "t35"
              GROUP BY
                1
            ) AS "t36"
          ) AS "t38"
            ON "t19"."p" = "t38"."p_fact"
        ) AS "t39"
      ) AS "t41"
        ON "t28"."p" = "t41"."p"
    ) AS "t42"
  ) AS "t44"
    ON "t20"."p" = "t44"."p_fact"
) AS "t45"
ORDER BY
  "t45"."p" ASC;
