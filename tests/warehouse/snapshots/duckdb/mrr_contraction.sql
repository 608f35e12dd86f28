-- xlkpi mrr_contraction: Contraction MRR, per month, options: defaults; duckdb SQL
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
), "t5" AS (
  SELECT
    MIN("t4"."m") AS "lo",
    MAX("t4"."m") AS "hi"
  FROM "t3" AS "t4"
), "t16" AS (
  SELECT
    MIN("t15"."lo") AS "lo",
    MAX("t15"."hi") AS "hi"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        (
          (
            (
              EXTRACT(year FROM MIN(DATE_TRUNC('MONTH', "t2"."month"))) - 1970
            ) * 12
          ) + EXTRACT(month FROM MIN(DATE_TRUNC('MONTH', "t2"."month")))
        ) - 1 AS "lo",
        (
          (
            (
              EXTRACT(year FROM MAX(DATE_TRUNC('MONTH', "t2"."month"))) - 1970
            ) * 12
          ) + EXTRACT(month FROM MAX(DATE_TRUNC('MONTH', "t2"."month")))
        ) - 1 AS "hi"
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
          (
            (
              (
                EXTRACT(year FROM MIN("t2"."month")) - 1970
              ) * 12
            ) + EXTRACT(month FROM MIN("t2"."month"))
          ) - 1 AS "lo",
          (
            (
              (
                EXTRACT(year FROM MAX("t2"."month")) - 1970
              ) * 12
            ) + EXTRACT(month FROM MAX("t2"."month"))
          ) - 1 AS "hi"
        FROM "t1" AS "t2"
      ) AS "t7"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          (
            (
              (
                EXTRACT(year FROM MIN((
                  DATE_TRUNC('MONTH', "t2"."month") + INTERVAL '1' MONTH
                ) - INTERVAL '1' DAY)) - 1970
              ) * 12
            ) + EXTRACT(month FROM MIN((
              DATE_TRUNC('MONTH', "t2"."month") + INTERVAL '1' MONTH
            ) - INTERVAL '1' DAY))
          ) - 1 AS "lo",
          (
            (
              (
                EXTRACT(year FROM MAX((
                  DATE_TRUNC('MONTH', "t2"."month") + INTERVAL '1' MONTH
                ) - INTERVAL '1' DAY)) - 1970
              ) * 12
            ) + EXTRACT(month FROM MAX((
              DATE_TRUNC('MONTH', "t2"."month") + INTERVAL '1' MONTH
            ) - INTERVAL '1' DAY))
          ) - 1 AS "hi"
        FROM "t1" AS "t2"
      ) AS "t12"
    ) AS "t13"
  ) AS "t15"
), "t17" AS (
  SELECT
    "t14"."customer_id",
    "t14"."m",
    "t14"."cents",
    LAG("t14"."m") OVER (
      PARTITION BY "t14"."customer_id"
      ORDER BY "t14"."m" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "prev_m",
    LAG("t14"."cents") OVER (
      PARTITION BY "t14"."customer_id"
      ORDER BY "t14"."m" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "prev_c",
    LEAD("t14"."m") OVER (
      PARTITION BY "t14"."customer_id"
      ORDER BY "t14"."m" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "next_m"
  FROM (
    SELECT
      "t6"."customer_id",
      "t6"."m",
      CAST(ROUND("t6"."mrr" * 100, 0) AS BIGINT) AS "cents"
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
      CAST(ROUND("t6"."mrr" * 100, 0) AS BIGINT) > 0
  ) AS "t14"
)
SELECT
  "t38"."p" AS "period",
  '' AS "segment",
  CASE WHEN "t38"."covered" THEN "t38"."contraction" ELSE CAST(NULL AS DOUBLE) END AS "value"
FROM (
  SELECT
    "t26"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t26"."p" >= "t21"."lo0"
        ) AND (
          "t26"."p" <= "t21"."hi0"
        )
      ),
      FALSE
    ) AS "covered",
    CASE
      WHEN (
        "t26"."p" > "t10"."lo"
      )
      AND (
        "t26"."p" <= "t10"."hi"
      )
      AND (
        "t10"."lo" < "t10"."hi"
      )
      THEN COALESCE("t37"."opening", 0.0)
      ELSE "t37"."opening"
    END AS "opening",
    CASE
      WHEN (
        "t26"."p" > "t10"."lo"
      )
      AND (
        "t26"."p" <= "t10"."hi"
      )
      AND (
        "t10"."lo" < "t10"."hi"
      )
      THEN COALESCE("t37"."new", 0.0)
      ELSE "t37"."new"
    END AS "new",
    CASE
      WHEN (
        "t26"."p" > "t10"."lo"
      )
      AND (
        "t26"."p" <= "t10"."hi"
      )
      AND (
        "t10"."lo" < "t10"."hi"
      )
      THEN COALESCE("t37"."expansion", 0.0)
      ELSE "t37"."expansion"
    END AS "expansion",
    CASE
      WHEN (
        "t26"."p" > "t10"."lo"
      )
      AND (
        "t26"."p" <= "t10"."hi"
      )
      AND (
        "t10"."lo" < "t10"."hi"
      )
      THEN COALESCE("t37"."contraction", 0.0)
      ELSE "t37"."contraction"
    END AS "contraction",
    CASE
      WHEN (
        "t26"."p" > "t10"."lo"
      )
      AND (
        "t26"."p" <= "t10"."hi"
      )
      AND (
        "t10"."lo" < "t10"."hi"
      )
      THEN COALESCE("t37"."churned", 0.0)
      ELSE "t37"."churned"
    END AS "churned",
    CASE
      WHEN (
        "t26"."p" > "t10"."lo"
      )
      AND (
        "t26"."p" <= "t10"."hi"
      )
      AND (
        "t10"."lo" < "t10"."hi"
      )
      THEN COALESCE("t37"."reactivation", 0.0)
      ELSE "t37"."reactivation"
    END AS "reactivation"
  FROM (
    SELECT
      UNNEST(RANGE("t22"."lo", "t22"."hi" + 1, 1)) AS "p"
    FROM (
      SELECT
        MIN("t18"."lo") AS "lo",
        MAX("t18"."hi") AS "hi"
      FROM "t16" AS "t18"
    ) AS "t22"
  ) AS "t26"
  CROSS JOIN (
    SELECT
      "t18"."lo" AS "lo0",
      "t18"."hi" AS "hi0"
    FROM "t16" AS "t18"
  ) AS "t21"
  LEFT OUTER JOIN (
    SELECT
      "t35"."p" AS "p_fact",
      "t35"."opening",
      "t35"."new",
      "t35"."expansion",
      "t35"."contraction",
      "t35"."churned",
      "t35"."reactivation"
    FROM (
      SELECT
        "t34"."p",
        SUM(CASE WHEN "t34"."m" = "t34"."first" THEN "t34"."opening" ELSE 0.0 END) AS "opening",
        SUM("t34"."new") AS "new",
        SUM("t34"."expansion") AS "expansion",
        SUM("t34"."contraction") AS "contraction",
        SUM("t34"."churned") AS "churned",
        SUM("t34"."reactivation") AS "reactivation"
      FROM (
        SELECT
          "t33"."m",
          "t33"."opening",
          "t33"."new",
          "t33"."expansion",
          "t33"."contraction",
          "t33"."churned",
          "t33"."reactivation",
          "t33"."m" AS "p",
          MIN("t33"."m") OVER (PARTITION BY "t33"."m" ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS "first"
        FROM (
          SELECT
            "t32"."m",
            CAST(ROUND(CAST("t32"."opening" AS DOUBLE) / 100.0, 2) AS DOUBLE) AS "opening",
            CAST(ROUND(CAST("t32"."new" AS DOUBLE) / 100.0, 2) AS DOUBLE) AS "new",
            CAST(ROUND(CAST("t32"."expansion" AS DOUBLE) / 100.0, 2) AS DOUBLE) AS "expansion",
            CAST(ROUND(CAST("t32"."contraction" AS DOUBLE) / 100.0, 2) AS DOUBLE) AS "contraction",
            CAST(ROUND(CAST("t32"."churned" AS DOUBLE) / 100.0, 2) AS DOUBLE) AS "churned",
            CAST(ROUND(CAST("t32"."reactivation" AS DOUBLE) / 100.0, 2) AS DOUBLE) AS "reactivation"
          FROM (
            SELECT
              "t31"."m",
              "t31"."opening",
              "t31"."new",
              "t31"."expansion",
              "t31"."contraction",
              "t31"."churned",
              "t31"."reactivation",
              "t11"."lo",
              "t11"."hi"
            FROM (
              SELECT
                "t29"."m",
                SUM("t29"."opening") AS "opening",
                SUM("t29"."new") AS "new",
                SUM("t29"."expansion") AS "expansion",
                SUM("t29"."contraction") AS "contraction",
                SUM("t29"."churned") AS "churned",
                SUM("t29"."reactivation") AS "reactivation"
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    "t19"."m" + 1 AS "m",
                    0 AS "closing",
                    0 AS "new",
                    0 AS "expansion",
                    0 AS "contraction",
                    0 AS "reactivation",
                    0 AS "churned",
                    "t19"."cents" AS "opening"
                  FROM "t17" AS "t19"
                ) AS "t23"
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    *
                  FROM (
                    SELECT
                      "t19"."m",
                      "t19"."cents" AS "closing",
                      CASE
                        WHEN (
                          "t19"."prev_m" IS NULL
                        )
                        OR (
                          NOT (
                            (
                              "t19"."prev_m" IS NOT NULL
                            )
                            AND (
                              "t19"."prev_m" = (
                                "t19"."m" - 1
                              )
                            )
                          )
                          AND NOT (
                            (
                              "t19"."prev_m" IS NOT NULL
                            )
                            AND NOT (
                              (
                                "t19"."prev_m" IS NOT NULL
                              )
                              AND (
                                "t19"."prev_m" = (
                                  "t19"."m" - 1
                                )
                              )
                            )
                          )
                        )
                        THEN "t19"."cents"
                        ELSE 0
                      END AS "new",
                      CASE
                        WHEN (
                          "t19"."prev_m" IS NOT NULL
                        )
                        AND (
                          "t19"."prev_m" = (
                            "t19"."m" - 1
                          )
                        )
                        AND (
                          (
                            "t19"."cents" - "t19"."prev_c"
                          ) > 0
                        )
                        THEN "t19"."cents" - "t19"."prev_c"
                        ELSE 0
                      END AS "expansion",
                      CASE
                        WHEN (
                          "t19"."prev_m" IS NOT NULL
                        )
                        AND (
                          "t19"."prev_m" = (
                            "t19"."m" - 1
                          )
                        )
                        AND (
                          (
                            "t19"."cents" - "t19"."prev_c"
                          ) < 0
                        )
                        THEN -(
                          "t19"."cents" - "t19"."prev_c"
                        )
                        ELSE 0
                      END AS "contraction",
                      CASE
                        WHEN (
                          "t19"."prev_m" IS NOT NULL
                        )
                        AND NOT (
                          (
                            "t19"."prev_m" IS NOT NULL
                          )
                          AND (
                            "t19"."prev_m" = (
                              "t19"."m" - 1
                            )
                          )
                        )
                        THEN "t19"."cents"
                        ELSE 0
                      END AS "reactivation",
                      0 AS "churned",
                      0 AS "opening"
                    FROM "t17" AS "t19"
                  ) AS "t27"
                  UNION ALL
                  SELECT
                    *
                  FROM (
                    SELECT
                      "t19"."m" + 1 AS "m",
                      0 AS "closing",
                      0 AS "new",
                      0 AS "expansion",
                      0 AS "contraction",
                      0 AS "reactivation",
                      "t19"."cents" AS "churned",
                      0 AS "opening"
                    FROM "t17" AS "t19"
                    WHERE
                      (
                        "t19"."next_m" IS NULL
                      ) OR (
                        "t19"."next_m" <> (
                          "t19"."m" + 1
                        )
                      )
                  ) AS "t24"
                ) AS "t28"
              ) AS "t29"
              GROUP BY
                1
            ) AS "t31"
            CROSS JOIN "t5" AS "t11"
          ) AS "t32"
          WHERE
            "t32"."m" > "t32"."lo" AND "t32"."m" <= "t32"."hi"
        ) AS "t33"
      ) AS "t34"
      GROUP BY
        1
    ) AS "t35"
  ) AS "t37"
    ON "t26"."p" = "t37"."p_fact"
  CROSS JOIN "t5" AS "t10"
) AS "t38"
ORDER BY
  "t38"."p" ASC;
