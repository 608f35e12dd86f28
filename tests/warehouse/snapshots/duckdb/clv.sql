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
), "t12" AS (
  SELECT
    "t11"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t11"."p" >= "t7"."lo0"
        ) AND (
          "t11"."p" <= "t7"."hi0"
        )
      ),
      FALSE
    ) AS "covered"
  FROM (
    SELECT
      UNNEST(RANGE("t8"."lo", "t8"."hi" + 1, 1)) AS "p"
    FROM (
      SELECT
        MIN("t4"."lo") AS "lo",
        MAX("t4"."hi") AS "hi"
      FROM "t3" AS "t4"
    ) AS "t8"
  ) AS "t11"
  CROSS JOIN (
    SELECT
      "t4"."lo" AS "lo0",
      "t4"."hi" AS "hi0"
    FROM "t3" AS "t4"
  ) AS "t7"
)
SELECT
  "t22"."p" AS "period",
  '' AS "segment",
  CASE WHEN "t22"."covered" THEN "t22"."value" ELSE CAST(NULL AS DOUBLE) END AS "value"
FROM (
  SELECT
    "t15"."p",
    "t15"."covered",
    "t21"."value"
  FROM (
    SELECT
      *
    FROM "t12" AS "t13"
  ) AS "t15"
  LEFT OUTER JOIN (
    SELECT
      "t19"."p" AS "p_fact",
      CASE
        WHEN "t19"."blank" > 0
        THEN CAST(NULL AS DOUBLE)
        ELSE "t19"."revenue" / NULLIF(CAST("t19"."n" AS DOUBLE), 0)
      END * (
        CAST("t19"."n" AS DOUBLE) / NULLIF(CAST("t19"."buyers" AS DOUBLE), 0)
      ) * 3.0 AS "value"
    FROM (
      SELECT
        "t18"."p",
        SUM("t18"."n") AS "n",
        SUM("t18"."revenue") AS "revenue",
        SUM("t18"."blank") AS "blank",
        COUNT(DISTINCT "t18"."customer_id") AS "buyers"
      FROM (
        SELECT
          "t17"."p",
          "t17"."covered",
          "t17"."hi",
          "t17"."lo",
          "t9"."customer_id",
          "t9"."key",
          "t9"."n",
          "t9"."revenue",
          "t9"."blank"
        FROM (
          SELECT
            "t13"."p",
            "t13"."covered",
            (
              (
                (
                  EXTRACT(year FROM MAKE_DATE(
                    CAST(FLOOR((
                      "t13"."p" + 1
                    ) / (
                      12
                    )) AS BIGINT) + 1970,
                    (
                      (
                        "t13"."p" + 1
                      ) - (
                        CAST(FLOOR((
                          "t13"."p" + 1
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
                  "t13"."p" + 1
                ) / (
                  12
                )) AS BIGINT) + 1970,
                (
                  (
                    "t13"."p" + 1
                  ) - (
                    CAST(FLOOR((
                      "t13"."p" + 1
                    ) / (
                      12
                    )) AS BIGINT) * 12
                  )
                ) + 1,
                1
              ))
            ) - 1 AS "hi",
            (
              (
                (
                  (
                    EXTRACT(year FROM MAKE_DATE(
                      CAST(FLOOR((
                        "t13"."p" + 1
                      ) / (
                        12
                      )) AS BIGINT) + 1970,
                      (
                        (
                          "t13"."p" + 1
                        ) - (
                          CAST(FLOOR((
                            "t13"."p" + 1
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
                    "t13"."p" + 1
                  ) / (
                    12
                  )) AS BIGINT) + 1970,
                  (
                    (
                      "t13"."p" + 1
                    ) - (
                      CAST(FLOOR((
                        "t13"."p" + 1
                      ) / (
                        12
                      )) AS BIGINT) * 12
                    )
                  ) + 1,
                  1
                ))
              ) - 1
            ) - 12 AS "lo"
          FROM "t12" AS "t13"
        ) AS "t17"
        INNER JOIN (
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
                  CASE
                    WHEN LOWER(TRIM("t0"."status", ' 	
')) = ''
                    THEN CAST(NULL AS TEXT)
                    ELSE LOWER(TRIM("t0"."status", ' 	
'))
                  END IS NULL
                )
                OR (
                  CASE
                    WHEN LOWER(TRIM("t0"."status", ' 	
')) = ''
                    THEN CAST(NULL AS TEXT)
                    ELSE LOWER(TRIM("t0"."status", ' 	
'))
                  END = 'paid'
                )
              )
              AND "t0"."customer_id" IS NOT NULL
          ) AS "t2"
          GROUP BY
            1,
            2
        ) AS "t9"
          ON "t9"."key" >= "t17"."lo" AND "t9"."key" < "t17"."hi"
      ) AS "t18"
      GROUP BY
        1
    ) AS "t19"
  ) AS "t21"
    ON "t15"."p" = "t21"."p_fact"
) AS "t22"
ORDER BY
  "t22"."p" ASC;
