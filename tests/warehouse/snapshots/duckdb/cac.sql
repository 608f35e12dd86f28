-- xlkpi cac: Customer acquisition cost, per month, options: defaults; duckdb SQL
WITH "t2" AS (
  SELECT
    *
  FROM "customers" AS "t0"
  WHERE
    "t0"."acquired_date" IS NOT NULL
), "t13" AS (
  SELECT
    MIN(
      (
        (
          (
            EXTRACT(year FROM "t3"."date") - 1970
          ) * 12
        ) + EXTRACT(month FROM "t3"."date")
      ) - 1
    ) AS "lo",
    MAX(
      (
        (
          (
            EXTRACT(year FROM "t3"."date") - 1970
          ) * 12
        ) + EXTRACT(month FROM "t3"."date")
      ) - 1
    ) AS "hi"
  FROM (
    SELECT
      *
    FROM "spend" AS "t1"
    WHERE
      "t1"."date" IS NOT NULL
  ) AS "t3"
), "t14" AS (
  SELECT
    "t9"."p",
    "t9"."channel",
    SUM("t9"."cac") AS "cac",
    SUM("t9"."marketing") AS "marketing",
    SUM("t9"."sales") AS "sales",
    SUM("t9"."amount") AS "amount",
    SUM("t9"."clicks") AS "clicks",
    SUM("t9"."clicks_n") AS "clicks_n",
    SUM("t9"."impressions") AS "impressions",
    SUM("t9"."impressions_n") AS "impressions_n"
  FROM (
    SELECT
      "t1"."date",
      CASE
        WHEN TRIM("t1"."channel", ' 	
') = ''
        THEN CAST(NULL AS TEXT)
        ELSE TRIM("t1"."channel", ' 	
')
      END AS "channel",
      CASE
        WHEN COALESCE(LOWER(TRIM("t1"."category", ' 	
')) = 'marketing', FALSE)
        OR COALESCE(LOWER(TRIM("t1"."category", ' 	
')) = 'sales', FALSE)
        THEN COALESCE("t1"."amount", 0)
        ELSE 0.0
      END AS "cac",
      CASE
        WHEN COALESCE(LOWER(TRIM("t1"."category", ' 	
')) = 'marketing', FALSE)
        THEN COALESCE("t1"."amount", 0)
        ELSE 0.0
      END AS "marketing",
      CASE
        WHEN COALESCE(LOWER(TRIM("t1"."category", ' 	
')) = 'sales', FALSE)
        THEN COALESCE("t1"."amount", 0)
        ELSE 0.0
      END AS "sales",
      CASE
        WHEN COALESCE(LOWER(TRIM("t1"."category", ' 	
')) = 'marketing', FALSE)
        OR COALESCE(LOWER(TRIM("t1"."category", ' 	
')) = 'sales', FALSE)
        THEN COALESCE("t1"."amount", 0)
        ELSE 0.0
      END AS "amount",
      COALESCE("t1"."clicks", 0) AS "clicks",
      CAST(CASE WHEN COALESCE("t1"."clicks" IS NOT NULL, FALSE) THEN 1 ELSE 0 END AS DOUBLE) AS "clicks_n",
      COALESCE("t1"."impressions", 0) AS "impressions",
      CAST(CASE WHEN COALESCE("t1"."impressions" IS NOT NULL, FALSE) THEN 1 ELSE 0 END AS DOUBLE) AS "impressions_n",
      (
        (
          (
            EXTRACT(year FROM "t1"."date") - 1970
          ) * 12
        ) + EXTRACT(month FROM "t1"."date")
      ) - 1 AS "p"
    FROM "spend" AS "t1"
    WHERE
      "t1"."date" IS NOT NULL
  ) AS "t9"
  GROUP BY
    1,
    2
), "t27" AS (
  SELECT
    MIN("t20"."lo") AS "lo",
    MAX("t20"."hi") AS "hi"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        MIN(
          (
            (
              (
                EXTRACT(year FROM "t4"."acquired_date") - 1970
              ) * 12
            ) + EXTRACT(month FROM "t4"."acquired_date")
          ) - 1
        ) AS "lo",
        MAX(
          (
            (
              (
                EXTRACT(year FROM "t4"."acquired_date") - 1970
              ) * 12
            ) + EXTRACT(month FROM "t4"."acquired_date")
          ) - 1
        ) AS "hi"
      FROM "t2" AS "t4"
    ) AS "t15"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        MIN(
          (
            (
              (
                EXTRACT(year FROM "t4"."churned_date") - 1970
              ) * 12
            ) + EXTRACT(month FROM "t4"."churned_date")
          ) - 1
        ) AS "lo",
        MAX(
          (
            (
              (
                EXTRACT(year FROM "t4"."churned_date") - 1970
              ) * 12
            ) + EXTRACT(month FROM "t4"."churned_date")
          ) - 1
        ) AS "hi"
      FROM "t2" AS "t4"
    ) AS "t16"
  ) AS "t20"
)
SELECT
  "t46"."p" AS "period",
  "t46"."segment",
  CASE WHEN "t46"."covered" THEN "t46"."value" ELSE CAST(NULL AS DOUBLE) END AS "value"
FROM (
  SELECT
    *
  FROM (
    SELECT
      "t39"."p",
      "t39"."covered",
      '' AS "segment",
      "t39"."cac" / NULLIF(CAST("t39"."new" AS DOUBLE), 0) AS "value"
    FROM (
      SELECT
        "t38"."p",
        COALESCE(
          TRUE
          AND (
            (
              "t38"."p" >= "t24"."lo0"
            ) AND (
              "t38"."p" <= "t24"."hi0"
            )
          )
          AND (
            (
              "t38"."p" >= "t35"."lo1"
            ) AND (
              "t38"."p" <= "t35"."hi1"
            )
          ),
          FALSE
        ) AS "covered",
        COALESCE("t33"."cac", 0) AS "cac",
        COALESCE("t33"."marketing", 0) AS "marketing",
        COALESCE("t33"."sales", 0) AS "sales",
        COALESCE("t33"."amount", 0) AS "amount",
        COALESCE("t33"."clicks", 0) AS "clicks",
        COALESCE("t33"."clicks_n", 0) AS "clicks_n",
        COALESCE("t33"."impressions", 0) AS "impressions",
        COALESCE("t33"."impressions_n", 0) AS "impressions_n",
        COALESCE("t28"."new", 0) AS "new"
      FROM (
        SELECT
          UNNEST(RANGE("t36"."lo", "t36"."hi" + 1, 1)) AS "p"
        FROM (
          SELECT
            MIN("t32"."lo") AS "lo",
            MAX("t32"."hi") AS "hi"
          FROM (
            SELECT
              *
            FROM "t13" AS "t18"
            UNION ALL
            SELECT
              *
            FROM "t27" AS "t30"
          ) AS "t32"
        ) AS "t36"
      ) AS "t38"
      CROSS JOIN (
        SELECT
          "t18"."lo" AS "lo0",
          "t18"."hi" AS "hi0"
        FROM "t13" AS "t18"
      ) AS "t24"
      CROSS JOIN (
        SELECT
          "t30"."lo" AS "lo1",
          "t30"."hi" AS "hi1"
        FROM "t27" AS "t30"
      ) AS "t35"
      LEFT OUTER JOIN (
        SELECT
          "t26"."p" AS "p_fact",
          "t26"."cac",
          "t26"."marketing",
          "t26"."sales",
          "t26"."amount",
          "t26"."clicks",
          "t26"."clicks_n",
          "t26"."impressions",
          "t26"."impressions_n"
        FROM (
          SELECT
            "t19"."p",
            SUM("t19"."cac") AS "cac",
            SUM("t19"."marketing") AS "marketing",
            SUM("t19"."sales") AS "sales",
            SUM("t19"."amount") AS "amount",
            SUM("t19"."clicks") AS "clicks",
            SUM("t19"."clicks_n") AS "clicks_n",
            SUM("t19"."impressions") AS "impressions",
            SUM("t19"."impressions_n") AS "impressions_n"
          FROM "t14" AS "t19"
          GROUP BY
            1
        ) AS "t26"
      ) AS "t33"
        ON "t38"."p" = "t33"."p_fact"
      LEFT OUTER JOIN (
        SELECT
          "t21"."p" AS "p_fact",
          "t21"."new"
        FROM (
          SELECT
            "t6"."p",
            COUNT(*) AS "new",
            SUM(
              CASE
                WHEN COALESCE(COALESCE("t6"."marketing_originated", FALSE), FALSE)
                THEN 1
                ELSE 0
              END
            ) AS "marketing"
          FROM (
            SELECT
              "t0"."customer_id",
              "t0"."acquired_date",
              "t0"."acquisition_channel",
              "t0"."marketing_originated",
              "t0"."churned_date",
              (
                (
                  (
                    EXTRACT(year FROM "t0"."acquired_date") - 1970
                  ) * 12
                ) + EXTRACT(month FROM "t0"."acquired_date")
              ) - 1 AS "p"
            FROM "customers" AS "t0"
            WHERE
              "t0"."acquired_date" IS NOT NULL
          ) AS "t6"
          GROUP BY
            1
        ) AS "t21"
      ) AS "t28"
        ON "t38"."p" = "t28"."p_fact"
    ) AS "t39"
  ) AS "t43"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      "t44"."p",
      "t44"."covered",
      "t44"."channel" AS "segment",
      "t44"."cac" / NULLIF(CAST("t44"."new" AS DOUBLE), 0) AS "value"
    FROM (
      SELECT
        "t42"."p",
        "t42"."covered",
        "t42"."channel",
        "t42"."key",
        COALESCE("t29"."cac", 0) AS "cac",
        COALESCE("t29"."marketing", 0) AS "marketing",
        COALESCE("t29"."sales", 0) AS "sales",
        COALESCE("t29"."amount", 0) AS "amount",
        COALESCE("t29"."clicks", 0) AS "clicks",
        COALESCE("t29"."clicks_n", 0) AS "clicks_n",
        COALESCE("t29"."impressions", 0) AS "impressions",
        COALESCE("t29"."impressions_n", 0) AS "impressions_n",
        COALESCE("t17"."new", 0) AS "new"
      FROM (
        SELECT
          "t40"."p",
          "t40"."covered",
          "t40"."channel",
          LOWER("t40"."channel") AS "key"
        FROM (
          SELECT
            "t38"."p",
            COALESCE(
              TRUE
              AND (
                (
                  "t38"."p" >= "t24"."lo0"
                ) AND (
                  "t38"."p" <= "t24"."hi0"
                )
              )
              AND (
                (
                  "t38"."p" >= "t35"."lo1"
                ) AND (
                  "t38"."p" <= "t35"."hi1"
                )
              ),
              FALSE
            ) AS "covered",
            "t11"."channel"
          FROM (
            SELECT
              UNNEST(RANGE("t36"."lo", "t36"."hi" + 1, 1)) AS "p"
            FROM (
              SELECT
                MIN("t32"."lo") AS "lo",
                MAX("t32"."hi") AS "hi"
              FROM (
                SELECT
                  *
                FROM "t13" AS "t18"
                UNION ALL
                SELECT
                  *
                FROM "t27" AS "t30"
              ) AS "t32"
            ) AS "t36"
          ) AS "t38"
          CROSS JOIN (
            SELECT
              "t18"."lo" AS "lo0",
              "t18"."hi" AS "hi0"
            FROM "t13" AS "t18"
          ) AS "t24"
          CROSS JOIN (
            SELECT
              "t30"."lo" AS "lo1",
              "t30"."hi" AS "hi1"
            FROM "t27" AS "t30"
          ) AS "t35"
          CROSS JOIN (
            SELECT DISTINCT
              *
            FROM (
              SELECT
                CASE
                  WHEN TRIM("t1"."channel", ' 	
') = ''
                  THEN CAST(NULL AS TEXT)
                  ELSE TRIM("t1"."channel", ' 	
')
                END AS "channel"
              FROM "spend" AS "t1"
              WHERE
                "t1"."date" IS NOT NULL
            ) AS "t5"
            WHERE
              "t5"."channel" IS NOT NULL
          ) AS "t11"
        ) AS "t40"
      ) AS "t42"
      LEFT OUTER JOIN (
        SELECT
          "t19"."p" AS "p_f",
          "t19"."channel" AS "channel_f",
          "t19"."cac",
          "t19"."marketing",
          "t19"."sales",
          "t19"."amount",
          "t19"."clicks",
          "t19"."clicks_n",
          "t19"."impressions",
          "t19"."impressions_n"
        FROM "t14" AS "t19"
        WHERE
          "t19"."channel" IS NOT NULL
      ) AS "t29"
        ON "t42"."p" = "t29"."p_f" AND "t42"."channel" = "t29"."channel_f"
      LEFT OUTER JOIN (
        SELECT
          "t10"."p" AS "p_o",
          "t10"."key" AS "key_o",
          "t10"."new"
        FROM (
          SELECT
            "t7"."p",
            "t7"."key",
            COUNT(*) AS "new"
          FROM (
            SELECT
              "t0"."customer_id",
              "t0"."acquired_date",
              "t0"."acquisition_channel",
              "t0"."marketing_originated",
              "t0"."churned_date",
              (
                (
                  (
                    EXTRACT(year FROM "t0"."acquired_date") - 1970
                  ) * 12
                ) + EXTRACT(month FROM "t0"."acquired_date")
              ) - 1 AS "p",
              LOWER(
                CASE
                  WHEN TRIM("t0"."acquisition_channel", ' 	
') = ''
                  THEN CAST(NULL AS TEXT)
                  ELSE TRIM("t0"."acquisition_channel", ' 	
')
                END
              ) AS "key"
            FROM "customers" AS "t0"
            WHERE
              "t0"."acquired_date" IS NOT NULL
              AND LOWER(
                CASE
                  WHEN TRIM("t0"."acquisition_channel", ' 	
') = ''
                  THEN CAST(NULL AS TEXT)
                  ELSE TRIM("t0"."acquisition_channel", ' 	
')
                END
              ) IS NOT NULL
          ) AS "t7"
          GROUP BY
            1,
            2
        ) AS "t10"
      ) AS "t17"
        ON "t42"."p" = "t17"."p_o" AND "t42"."key" = "t17"."key_o"
    ) AS "t44"
  ) AS "t45"
) AS "t46"
ORDER BY
  "t46"."p" ASC,
  "t46"."segment" ASC;
