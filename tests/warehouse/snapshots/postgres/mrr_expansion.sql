-- xlkpi mrr_expansion: Expansion MRR, per month, options: defaults; postgres SQL
WITH "t1" AS (
  SELECT
    DATE_TRUNC('MONTH', "t0"."month") AS "month",
    "t0"."customer_id",
    "t0"."mrr"
  FROM "subscriptions" AS "t0"
  WHERE
    DATE_TRUNC('MONTH', "t0"."month") IS NOT NULL
), "t3" AS (
  SELECT
    DATE_TRUNC('MONTH', "t0"."month") AS "month",
    "t0"."customer_id",
    COALESCE("t0"."mrr", 0) AS "mrr",
    (
      (
        (
          EXTRACT(year FROM DATE_TRUNC('MONTH', "t0"."month")) - 1970
        ) * 12
      ) + EXTRACT(month FROM DATE_TRUNC('MONTH', "t0"."month"))
    ) - 1 AS "m"
  FROM "subscriptions" AS "t0"
  WHERE
    DATE_TRUNC('MONTH', "t0"."month") IS NOT NULL AND "t0"."customer_id" IS NOT NULL
), "t14" AS (
  SELECT
    MIN("t13"."lo") AS "lo",
    MAX("t13"."hi") AS "hi"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        MIN(
          (
            (
              (
                EXTRACT(year FROM DATE_TRUNC('MONTH', "t2"."month")) - 1970
              ) * 12
            ) + EXTRACT(month FROM DATE_TRUNC('MONTH', "t2"."month"))
          ) - 1
        ) AS "lo",
        MAX(
          (
            (
              (
                EXTRACT(year FROM DATE_TRUNC('MONTH', "t2"."month")) - 1970
              ) * 12
            ) + EXTRACT(month FROM DATE_TRUNC('MONTH', "t2"."month"))
          ) - 1
        ) AS "hi"
      FROM "t1" AS "t2"
    ) AS "t9"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          MIN(
            (
              (
                (
                  EXTRACT(year FROM "t2"."month") - 1970
                ) * 12
              ) + EXTRACT(month FROM "t2"."month")
            ) - 1
          ) AS "lo",
          MAX(
            (
              (
                (
                  EXTRACT(year FROM "t2"."month") - 1970
                ) * 12
              ) + EXTRACT(month FROM "t2"."month")
            ) - 1
          ) AS "hi"
        FROM "t1" AS "t2"
      ) AS "t7"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          MIN(
            (
              (
                (
                  EXTRACT(year FROM (
                    DATE_TRUNC('MONTH', "t2"."month") + INTERVAL '1 MONTH'
                  ) - INTERVAL '1 DAY') - 1970
                ) * 12
              ) + EXTRACT(month FROM (
                DATE_TRUNC('MONTH', "t2"."month") + INTERVAL '1 MONTH'
              ) - INTERVAL '1 DAY')
            ) - 1
          ) AS "lo",
          MAX(
            (
              (
                (
                  EXTRACT(year FROM (
                    DATE_TRUNC('MONTH', "t2"."month") + INTERVAL '1 MONTH'
                  ) - INTERVAL '1 DAY') - 1970
                ) * 12
              ) + EXTRACT(month FROM (
                DATE_TRUNC('MONTH', "t2"."month") + INTERVAL '1 MONTH'
              ) - INTERVAL '1 DAY')
            ) - 1
          ) AS "hi"
        FROM "t1" AS "t2"
      ) AS "t10"
    ) AS "t11"
  ) AS "t13"
), "t15" AS (
  SELECT
    "t12"."customer_id",
    "t12"."m",
    "t12"."cents",
    LAG("t12"."m") OVER (
      PARTITION BY "t12"."customer_id"
      ORDER BY "t12"."m" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "prev_m",
    LAG("t12"."cents") OVER (
      PARTITION BY "t12"."customer_id"
      ORDER BY "t12"."m" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "prev_c",
    LEAD("t12"."m") OVER (
      PARTITION BY "t12"."customer_id"
      ORDER BY "t12"."m" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "next_m"
  FROM (
    SELECT
      "t6"."customer_id",
      "t6"."m",
      CAST(ROUND("t6"."mrr" * 100) AS BIGINT) AS "cents"
    FROM (
      SELECT
        "t4"."customer_id",
        "t4"."m",
        SUM("t4"."mrr") AS "mrr"
      FROM "t3" AS "t4"
      GROUP BY
        1,
        2
    ) AS "t6"
    WHERE
      CAST(ROUND("t6"."mrr" * 100) AS BIGINT) > 0
  ) AS "t12"
)
SELECT
  "t36"."p" AS "period",
  '' AS "segment",
  CASE
    WHEN "t36"."covered"
    THEN "t36"."expansion"
    ELSE CAST(NULL AS DOUBLE PRECISION)
  END AS "value"
FROM (
  SELECT
    "t24"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t24"."p" >= "t19"."lo0"
        ) AND (
          "t24"."p" <= "t19"."hi0"
        )
      ),
      FALSE
    ) AS "covered",
    "t35"."opening",
    "t35"."new",
    "t35"."expansion",
    "t35"."contraction",
    "t35"."churned",
    "t35"."reactivation"
  FROM (
    SELECT
      UNNEST(
        CASE
          WHEN NULLIF(1, 0) IS NOT NULL AND SIGN(1) = SIGN((
            "t20"."hi" + 1
          ) - "t20"."lo")
          THEN ARRAY_REMOVE(
            ARRAY(SELECT
              *
            FROM GENERATE_SERIES("t20"."lo", "t20"."hi" + 1, 1)),
            "t20"."hi" + 1
          )
          ELSE CAST(ARRAY[] AS BIGINT[])
        END
      ) AS "p"
    FROM (
      SELECT
        MIN("t16"."lo") AS "lo",
        MAX("t16"."hi") AS "hi"
      FROM "t14" AS "t16"
    ) AS "t20"
  ) AS "t24"
  CROSS JOIN (
    SELECT
      "t16"."lo" AS "lo0",
      "t16"."hi" AS "hi0"
    FROM "t14" AS "t16"
  ) AS "t19"
  LEFT OUTER JOIN (
    SELECT
      "t33"."p" AS "p_fact",
      "t33"."opening",
      "t33"."new",
      "t33"."expansion",
      "t33"."contraction",
      "t33"."churned",
      "t33"."reactivation"
    FROM (
      SELECT
        "t32"."p",
        SUM(CASE WHEN "t32"."m" = "t32"."first" THEN "t32"."opening" ELSE 0.0 END) AS "opening",
        SUM("t32"."new") AS "new",
        SUM("t32"."expansion") AS "expansion",
        SUM("t32"."contraction") AS "contraction",
        SUM("t32"."churned") AS "churned",
        SUM("t32"."reactivation") AS "reactivation"
      FROM (
        SELECT
          "t31"."m",
          "t31"."opening",
          "t31"."new",
          "t31"."expansion",
          "t31"."contraction",
          "t31"."churned",
          "t31"."reactivation",
          "t31"."m" AS "p",
          MIN("t31"."m") OVER (PARTITION BY "t31"."m" ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS "first"
        FROM (
          SELECT
            "t30"."m",
            CAST(ROUND(CAST(CAST("t30"."opening" AS DOUBLE PRECISION) / 100.0 AS DECIMAL), 2) AS DOUBLE PRECISION) AS "opening",
            CAST(ROUND(CAST(CAST("t30"."new" AS DOUBLE PRECISION) / 100.0 AS DECIMAL), 2) AS DOUBLE PRECISION) AS "new",
            CAST(ROUND(CAST(CAST("t30"."expansion" AS DOUBLE PRECISION) / 100.0 AS DECIMAL), 2) AS DOUBLE PRECISION) AS "expansion",
            CAST(ROUND(CAST(CAST("t30"."contraction" AS DOUBLE PRECISION) / 100.0 AS DECIMAL), 2) AS DOUBLE PRECISION) AS "contraction",
            CAST(ROUND(CAST(CAST("t30"."churned" AS DOUBLE PRECISION) / 100.0 AS DECIMAL), 2) AS DOUBLE PRECISION) AS "churned",
            CAST(ROUND(CAST(CAST("t30"."reactivation" AS DOUBLE PRECISION) / 100.0 AS DECIMAL), 2) AS DOUBLE PRECISION) AS "reactivation"
          FROM (
            SELECT
              "t29"."m",
              "t29"."opening",
              "t29"."new",
              "t29"."expansion",
              "t29"."contraction",
              "t29"."churned",
              "t29"."reactivation",
              "t8"."lo",
              "t8"."hi"
            FROM (
              SELECT
                "t27"."m",
                SUM("t27"."opening") AS "opening",
                SUM("t27"."new") AS "new",
                SUM("t27"."expansion") AS "expansion",
                SUM("t27"."contraction") AS "contraction",
                SUM("t27"."churned") AS "churned",
                SUM("t27"."reactivation") AS "reactivation"
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    "t17"."m" + 1 AS "m",
                    0 AS "closing",
                    0 AS "new",
                    0 AS "expansion",
                    0 AS "contraction",
                    0 AS "reactivation",
                    0 AS "churned",
                    "t17"."cents" AS "opening"
                  FROM "t15" AS "t17"
                ) AS "t21"
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    *
                  FROM (
                    SELECT
                      "t17"."m",
                      "t17"."cents" AS "closing",
                      CASE
                        WHEN (
                          "t17"."prev_m" IS NULL
                        )
                        OR (
                          NOT (
                            (
                              "t17"."prev_m" IS NOT NULL
                            )
                            AND (
                              "t17"."prev_m" = (
                                "t17"."m" - 1
                              )
                            )
                          )
                          AND NOT (
                            (
                              "t17"."prev_m" IS NOT NULL
                            )
                            AND NOT (
                              (
                                "t17"."prev_m" IS NOT NULL
                              )
                              AND (
                                "t17"."prev_m" = (
                                  "t17"."m" - 1
                                )
                              )
                            )
                          )
                        )
                        THEN "t17"."cents"
                        ELSE 0
                      END AS "new",
                      CASE
                        WHEN (
                          "t17"."prev_m" IS NOT NULL
                        )
                        AND (
                          "t17"."prev_m" = (
                            "t17"."m" - 1
                          )
                        )
                        AND (
                          (
                            "t17"."cents" - "t17"."prev_c"
                          ) > 0
                        )
                        THEN "t17"."cents" - "t17"."prev_c"
                        ELSE 0
                      END AS "expansion",
                      CASE
                        WHEN (
                          "t17"."prev_m" IS NOT NULL
                        )
                        AND (
                          "t17"."prev_m" = (
                            "t17"."m" - 1
                          )
                        )
                        AND (
                          (
                            "t17"."cents" - "t17"."prev_c"
                          ) < 0
                        )
                        THEN -(
                          "t17"."cents" - "t17"."prev_c"
                        )
                        ELSE 0
                      END AS "contraction",
                      CASE
                        WHEN (
                          "t17"."prev_m" IS NOT NULL
                        )
                        AND NOT (
                          (
                            "t17"."prev_m" IS NOT NULL
                          )
                          AND (
                            "t17"."prev_m" = (
                              "t17"."m" - 1
                            )
                          )
                        )
                        THEN "t17"."cents"
                        ELSE 0
                      END AS "reactivation",
                      0 AS "churned",
                      0 AS "opening"
                    FROM "t15" AS "t17"
                  ) AS "t25"
                  UNION ALL
                  SELECT
                    *
                  FROM (
                    SELECT
                      "t17"."m" + 1 AS "m",
                      0 AS "closing",
                      0 AS "new",
                      0 AS "expansion",
                      0 AS "contraction",
                      0 AS "reactivation",
                      "t17"."cents" AS "churned",
                      0 AS "opening"
                    FROM "t15" AS "t17"
                    WHERE
                      (
                        "t17"."next_m" IS NULL
                      ) OR (
                        "t17"."next_m" <> (
                          "t17"."m" + 1
                        )
                      )
                  ) AS "t22"
                ) AS "t26"
              ) AS "t27"
              GROUP BY
                1
            ) AS "t29"
            CROSS JOIN (
              SELECT
                MIN("t4"."m") AS "lo",
                MAX("t4"."m") AS "hi"
              FROM "t3" AS "t4"
            ) AS "t8"
          ) AS "t30"
          WHERE
            "t30"."m" > "t30"."lo" AND "t30"."m" <= "t30"."hi"
        ) AS "t31"
      ) AS "t32"
      GROUP BY
        1
    ) AS "t33"
  ) AS "t35"
    ON "t24"."p" = "t35"."p_fact"
) AS "t36"
ORDER BY
  "t36"."p" ASC;
