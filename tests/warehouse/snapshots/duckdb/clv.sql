-- xlkpi clv: Customer lifetime value, per month, options: defaults; duckdb SQL
WITH "t3" AS (
  SELECT
    MIN(
      (
        (
          (
            EXTRACT(year FROM "t1"."order_date") - 1970
          ) * 12
        ) + EXTRACT(month FROM "t1"."order_date")
      ) - 1
    ) AS "lo",
    MAX(
      (
        (
          (
            EXTRACT(year FROM "t1"."order_date") - 1970
          ) * 12
        ) + EXTRACT(month FROM "t1"."order_date")
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
    SUM(CASE WHEN COALESCE("t2"."revenue" IS NULL, FALSE) THEN 1 ELSE 0 END) AS "blank"
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
            EXTRACT(year FROM "t0"."order_date") - 1970
          ) * 12
        ) + EXTRACT(month FROM "t0"."order_date")
      ) - 1 AS "p",
      (
        (
          (
            EXTRACT(year FROM "t0"."order_date") - 1970
          ) * 12
        ) + EXTRACT(month FROM "t0"."order_date")
      ) - 1 AS "key"
    FROM "orders" AS "t0"
    WHERE
      "t0"."order_date" IS NOT NULL
      AND (
        (
          LOWER(TRIM("t0"."status", ' 	
')) IS NULL
        )
        OR LOWER(TRIM("t0"."status", ' 	
')) IN ('', 'paid')
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
      UNNEST(RANGE("t9"."lo", "t9"."hi" + 1, 1)) AS "p"
    FROM (
      SELECT
        MIN("t4"."lo") AS "lo",
        MAX("t4"."hi") AS "hi"
      FROM "t3" AS "t4"
    ) AS "t9"
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
              EXTRACT(year FROM MAKE_DATE(
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
              )) - 1970
            ) * 12
          ) + EXTRACT(month FROM MAKE_DATE(
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
          ))
        ) - 1
      ) - 12 AS "lo",
      (
        (
          (
            EXTRACT(year FROM MAKE_DATE(
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
            )) - 1970
          ) * 12
        ) + EXTRACT(month FROM MAKE_DATE(
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
        ))
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
      CASE
        WHEN (
          LAG("t29"."last") OVER (
            PARTITION BY "t29"."customer_id"
            ORDER BY "t29"."key" ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) IS NULL
        )
        OR (
          LAG("t29"."last") OVER (
            PARTITION BY "t29"."customer_id"
            ORDER BY "t29"."key" ASC
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) < "t29"."first"
        )
        THEN "t29"."first"
        ELSE LAG("t29"."last") OVER (
          PARTITION BY "t29"."customer_id"
          ORDER BY "t29"."key" ASC
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
        ) + 1
      END AS "start"
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
  CASE WHEN "t45"."covered" THEN "t45"."value" ELSE CAST(NULL AS DOUBLE) END AS "value"
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
        CASE
          WHEN "t28"."blank" > 0
          THEN CAST(NULL AS DOUBLE)
          ELSE "t28"."revenue" / NULLIF(CAST("t28"."n" AS DOUBLE), 0)
        END * (
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
