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
), "t9" AS (
  SELECT
    "t5"."customer_id",
    "t5"."key",
    "t5"."n",
    "t5"."revenue",
    "t5"."blank",
    ROW_NUMBER() OVER (PARTITION BY "t5"."customer_id" ORDER BY "t5"."key" ASC) - 1 AS "rank",
    LAG("t5"."key") OVER (PARTITION BY "t5"."customer_id" ORDER BY "t5"."key" ASC) AS "prev"
  FROM (
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
  ) AS "t5"
), "t16" AS (
  SELECT
    "t13"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t13"."p" >= "t7"."lo0"
        ) AND (
          "t13"."p" <= "t7"."hi0"
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
    ) AS "t8"
    CROSS JOIN TABLE(FLATTEN(INPUT => ARRAY_GENERATE_RANGE(
      0,
      (
        GREATEST(
          ARRAY_SIZE(
            SPLIT(
              ARRAY_TO_STRING(
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t8"."lo", "t8"."hi" + 1, 1), []), []),
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
        NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t8"."lo", "t8"."hi" + 1, 1), []), []),
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
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t8"."lo", "t8"."hi" + 1, 1), []), []),
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
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t8"."lo", "t8"."hi" + 1, 1), []), []),
                'xlkpi_separator_1'
              ),
              'xlkpi_separator_1'
            )
          ) - 1
        )
      )
  ) AS "t13"
  CROSS JOIN (
    SELECT
      "t4"."lo" AS "lo0",
      "t4"."hi" AS "hi0"
    FROM "t3" AS "t4"
  ) AS "t7"
), "t24" AS (
  SELECT
    "t23"."p",
    "t23"."lo",
    "t23"."hi",
    "t15"."key",
    "t15"."n",
    "t15"."revenue",
    "t15"."blank"
  FROM (
    SELECT
      "t17"."p",
      (
        (
          (
            (
              DATE_PART(
                year,
                DATE_FROM_PARTS(
                  CAST(FLOOR((
                    "t17"."p" + 1
                  ) / (
                    12
                  )) AS BIGINT) + 1970,
                  (
                    (
                      "t17"."p" + 1
                    ) - (
                      CAST(FLOOR((
                        "t17"."p" + 1
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
                "t17"."p" + 1
              ) / (
                12
              )) AS BIGINT) + 1970,
              (
                (
                  "t17"."p" + 1
                ) - (
                  CAST(FLOOR((
                    "t17"."p" + 1
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
                  "t17"."p" + 1
                ) / (
                  12
                )) AS BIGINT) + 1970,
                (
                  (
                    "t17"."p" + 1
                  ) - (
                    CAST(FLOOR((
                      "t17"."p" + 1
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
              "t17"."p" + 1
            ) / (
              12
            )) AS BIGINT) + 1970,
            (
              (
                "t17"."p" + 1
              ) - (
                CAST(FLOOR((
                  "t17"."p" + 1
                ) / (
                  12
                )) AS BIGINT) * 12
              )
            ) + 1,
            1
          )
        )
      ) - 1 AS "hi"
    FROM "t16" AS "t17"
  ) AS "t23"
  INNER JOIN (
    SELECT
      "t10"."key",
      SUM("t10"."n") AS "n",
      SUM("t10"."revenue") AS "revenue",
      SUM("t10"."blank") AS "blank"
    FROM "t9" AS "t10"
    GROUP BY
      1
  ) AS "t15"
    ON "t15"."key" >= "t23"."lo" AND "t15"."key" < "t23"."hi"
), "t26" AS (
  SELECT
    "t25"."key",
    MIN("t25"."p") AS "first",
    MAX("t25"."p") AS "last"
  FROM "t24" AS "t25"
  GROUP BY
    1
), "t35" AS (
  SELECT
    *
  FROM (
    SELECT
      "t33"."customer_id",
      "t33"."key",
      "t33"."prev",
      "t33"."first",
      "t33"."last",
      "t33"."prev_right",
      "t33"."before",
      IFF(
        (
          "t33"."before" IS NULL
        ) OR (
          "t33"."before" < "t33"."first"
        ),
        "t33"."first",
        "t33"."before" + 1
      ) AS "start"
    FROM (
      SELECT
        "t12"."customer_id",
        "t12"."key",
        "t12"."prev",
        "t30"."first",
        "t30"."last",
        "t32"."prev" AS "prev_right",
        "t32"."before"
      FROM "t9" AS "t12"
      INNER JOIN "t26" AS "t30"
        ON "t12"."key" = "t30"."key"
      LEFT OUTER JOIN (
        SELECT
          "t28"."key" AS "prev",
          "t28"."last" AS "before"
        FROM "t26" AS "t28"
      ) AS "t32"
        ON "t12"."prev" = "t32"."prev"
    ) AS "t33"
  ) AS "t34"
  WHERE
    "t34"."start" <= "t34"."last"
)
SELECT
  "t49"."p" AS "period",
  '' AS "segment",
  IFF("t49"."covered", "t49"."value", CAST(NULL AS DOUBLE)) AS "value"
FROM (
  SELECT
    "t21"."p",
    "t21"."covered",
    "t48"."value"
  FROM (
    SELECT
      *
    FROM "t16" AS "t17"
  ) AS "t21"
  LEFT OUTER JOIN (
    SELECT
      "t46"."p" AS "p_fact",
      "t46"."value"
    FROM (
      SELECT
        "t29"."p",
        IFF(
          "t29"."blank" > 0,
          CAST(NULL AS DOUBLE),
          "t29"."revenue" / NULLIF(CAST("t29"."n" AS DOUBLE), 0)
        ) * (
          CAST("t29"."n" AS DOUBLE) / NULLIF(CAST("t45"."buyers" AS DOUBLE), 0)
        ) * 3.0 AS "value"
      FROM (
        SELECT
          "t25"."p",
          SUM("t25"."n") AS "n",
          SUM("t25"."revenue") AS "revenue",
          SUM("t25"."blank") AS "blank"
        FROM "t24" AS "t25"
        GROUP BY
          1
      ) AS "t29"
      INNER JOIN (
        SELECT
          "t43"."p",
          SUM("t43"."d") OVER (ORDER BY "t43"."p" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "buyers"
        FROM (
          SELECT
            "t20"."p",
            COALESCE("t42"."d", 0) AS "d"
          FROM (
            SELECT
              "t17"."p"
            FROM "t16" AS "t17"
          ) AS "t20"
          LEFT OUTER JOIN (
            SELECT
              "t40"."p" AS "p_fact",
              "t40"."d"
            FROM (
              SELECT
                "t39"."p",
                SUM("t39"."d") AS "d"
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    "t36"."start" AS "p",
                    COUNT(*) AS "d"
                  FROM "t35" AS "t36"
                  GROUP BY
                    1
                ) AS "t37"
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    "t36"."last" + 1 AS "p",
                    -(
                      COUNT(*)
                    ) AS "d"
                  FROM "t35" AS "t36"
                  GROUP BY
                    1
                ) AS "t38"
              ) AS "t39"
              GROUP BY
                1
            ) AS "t40"
          ) AS "t42"
            ON "t20"."p" = "t42"."p_fact"
        ) AS "t43"
      ) AS "t45"
        ON "t29"."p" = "t45"."p"
    ) AS "t46"
  ) AS "t48"
    ON "t21"."p" = "t48"."p_fact"
) AS "t49"
ORDER BY
  "t49"."p" ASC;
