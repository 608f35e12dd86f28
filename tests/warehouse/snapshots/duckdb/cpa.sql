-- xlkpi cpa: Cost per acquisition, per month, options: defaults; duckdb SQL
WITH "t3" AS (
  SELECT
    *
  FROM "customers" AS "t1"
  WHERE
    "t1"."acquired_date" IS NOT NULL
), "t11" AS (
  SELECT
    MIN(
      (
        (
          (
            EXTRACT(year FROM "t2"."date") - 1970
          ) * 12
        ) + EXTRACT(month FROM "t2"."date")
      ) - 1
    ) AS "lo",
    MAX(
      (
        (
          (
            EXTRACT(year FROM "t2"."date") - 1970
          ) * 12
        ) + EXTRACT(month FROM "t2"."date")
      ) - 1
    ) AS "hi"
  FROM (
    SELECT
      *
    FROM "spend" AS "t0"
    WHERE
      "t0"."date" IS NOT NULL
  ) AS "t2"
), "t23" AS (
  SELECT
    MIN("t18"."lo") AS "lo",
    MAX("t18"."hi") AS "hi"
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
      FROM "t3" AS "t4"
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
      FROM "t3" AS "t4"
    ) AS "t16"
  ) AS "t18"
)
SELECT
  "t34"."p" AS "period",
  "t34"."channel" AS "segment",
  CASE
    WHEN "t34"."covered"
    THEN "t34"."amount" / NULLIF(CAST("t34"."new" AS DOUBLE), 0)
    ELSE CAST(NULL AS DOUBLE)
  END AS "value"
FROM (
  SELECT
    "t33"."p",
    "t33"."covered",
    "t33"."channel",
    "t33"."key",
    COALESCE("t22"."cac", 0) AS "cac",
    COALESCE("t22"."marketing", 0) AS "marketing",
    COALESCE("t22"."sales", 0) AS "sales",
    COALESCE("t22"."amount", 0) AS "amount",
    COALESCE("t22"."clicks", 0) AS "clicks",
    COALESCE("t22"."clicks_n", 0) AS "clicks_n",
    COALESCE("t22"."impressions", 0) AS "impressions",
    COALESCE("t22"."impressions_n", 0) AS "impressions_n",
    COALESCE("t17"."new", 0) AS "new"
  FROM (
    SELECT
      "t31"."p",
      "t31"."covered",
      "t31"."channel",
      LOWER("t31"."channel") AS "key"
    FROM (
      SELECT
        "t30"."p",
        COALESCE(
          TRUE
          AND (
            (
              "t30"."p" >= "t21"."lo0"
            ) AND (
              "t30"."p" <= "t21"."hi0"
            )
          )
          AND (
            (
              "t30"."p" >= "t27"."lo1"
            ) AND (
              "t30"."p" <= "t27"."hi1"
            )
          ),
          FALSE
        ) AS "covered",
        "t9"."channel"
      FROM (
        SELECT
          UNNEST(RANGE("t28"."lo", "t28"."hi" + 1, 1)) AS "p"
        FROM (
          SELECT
            MIN("t25"."lo") AS "lo",
            MAX("t25"."hi") AS "hi"
          FROM (
            SELECT
              *
            FROM "t11" AS "t14"
            UNION ALL
            SELECT
              *
            FROM "t23" AS "t24"
          ) AS "t25"
        ) AS "t28"
      ) AS "t30"
      CROSS JOIN (
        SELECT
          "t14"."lo" AS "lo0",
          "t14"."hi" AS "hi0"
        FROM "t11" AS "t14"
      ) AS "t21"
      CROSS JOIN (
        SELECT
          "t24"."lo" AS "lo1",
          "t24"."hi" AS "hi1"
        FROM "t23" AS "t24"
      ) AS "t27"
      CROSS JOIN (
        SELECT DISTINCT
          *
        FROM (
          SELECT
            CASE
              WHEN TRIM("t0"."channel", ' 	
') = ''
              THEN CAST(NULL AS TEXT)
              ELSE TRIM("t0"."channel", ' 	
')
            END AS "channel"
          FROM "spend" AS "t0"
          WHERE
            "t0"."date" IS NOT NULL
        ) AS "t5"
        WHERE
          "t5"."channel" IS NOT NULL
      ) AS "t9"
    ) AS "t31"
  ) AS "t33"
  LEFT OUTER JOIN (
    SELECT
      "t12"."p" AS "p_f",
      "t12"."channel" AS "channel_f",
      "t12"."cac",
      "t12"."marketing",
      "t12"."sales",
      "t12"."amount",
      "t12"."clicks",
      "t12"."clicks_n",
      "t12"."impressions",
      "t12"."impressions_n"
    FROM (
      SELECT
        "t8"."p",
        "t8"."channel",
        SUM("t8"."cac") AS "cac",
        SUM("t8"."marketing") AS "marketing",
        SUM("t8"."sales") AS "sales",
        SUM("t8"."amount") AS "amount",
        SUM("t8"."clicks") AS "clicks",
        SUM("t8"."clicks_n") AS "clicks_n",
        SUM("t8"."impressions") AS "impressions",
        SUM("t8"."impressions_n") AS "impressions_n"
      FROM (
        SELECT
          "t0"."date",
          CASE
            WHEN TRIM("t0"."channel", ' 	
') = ''
            THEN CAST(NULL AS TEXT)
            ELSE TRIM("t0"."channel", ' 	
')
          END AS "channel",
          CASE
            WHEN COALESCE(LOWER(TRIM("t0"."category", ' 	
')) = 'marketing', FALSE)
            OR COALESCE(LOWER(TRIM("t0"."category", ' 	
')) = 'sales', FALSE)
            THEN COALESCE("t0"."amount", 0)
            ELSE 0.0
          END AS "cac",
          CASE
            WHEN COALESCE(LOWER(TRIM("t0"."category", ' 	
')) = 'marketing', FALSE)
            THEN COALESCE("t0"."amount", 0)
            ELSE 0.0
          END AS "marketing",
          CASE
            WHEN COALESCE(LOWER(TRIM("t0"."category", ' 	
')) = 'sales', FALSE)
            THEN COALESCE("t0"."amount", 0)
            ELSE 0.0
          END AS "sales",
          CASE
            WHEN COALESCE(LOWER(TRIM("t0"."category", ' 	
')) = 'marketing', FALSE)
            OR COALESCE(LOWER(TRIM("t0"."category", ' 	
')) = 'sales', FALSE)
            THEN COALESCE("t0"."amount", 0)
            ELSE 0.0
          END AS "amount",
          COALESCE("t0"."clicks", 0) AS "clicks",
          CAST(CASE WHEN COALESCE("t0"."clicks" IS NOT NULL, FALSE) THEN 1 ELSE 0 END AS DOUBLE) AS "clicks_n",
          COALESCE("t0"."impressions", 0) AS "impressions",
          CAST(CASE WHEN COALESCE("t0"."impressions" IS NOT NULL, FALSE) THEN 1 ELSE 0 END AS DOUBLE) AS "impressions_n",
          (
            (
              (
                EXTRACT(year FROM "t0"."date") - 1970
              ) * 12
            ) + EXTRACT(month FROM "t0"."date")
          ) - 1 AS "p"
        FROM "spend" AS "t0"
        WHERE
          "t0"."date" IS NOT NULL
      ) AS "t8"
      GROUP BY
        1,
        2
    ) AS "t12"
    WHERE
      "t12"."channel" IS NOT NULL
  ) AS "t22"
    ON "t33"."p" = "t22"."p_f" AND "t33"."channel" = "t22"."channel_f"
  LEFT OUTER JOIN (
    SELECT
      "t10"."p" AS "p_o",
      "t10"."key" AS "key_o",
      "t10"."new"
    FROM (
      SELECT
        "t6"."p",
        "t6"."key",
        COUNT(*) AS "new"
      FROM (
        SELECT
          "t1"."customer_id",
          "t1"."acquired_date",
          "t1"."acquisition_channel",
          "t1"."marketing_originated",
          "t1"."churned_date",
          (
            (
              (
                EXTRACT(year FROM "t1"."acquired_date") - 1970
              ) * 12
            ) + EXTRACT(month FROM "t1"."acquired_date")
          ) - 1 AS "p",
          LOWER(
            CASE
              WHEN TRIM("t1"."acquisition_channel", ' 	
') = ''
              THEN CAST(NULL AS TEXT)
              ELSE TRIM("t1"."acquisition_channel", ' 	
')
            END
          ) AS "key"
        FROM "customers" AS "t1"
        WHERE
          "t1"."acquired_date" IS NOT NULL
          AND LOWER(
            CASE
              WHEN TRIM("t1"."acquisition_channel", ' 	
') = ''
              THEN CAST(NULL AS TEXT)
              ELSE TRIM("t1"."acquisition_channel", ' 	
')
            END
          ) IS NOT NULL
      ) AS "t6"
      GROUP BY
        1,
        2
    ) AS "t10"
  ) AS "t17"
    ON "t33"."p" = "t17"."p_o" AND "t33"."key" = "t17"."key_o"
) AS "t34"
ORDER BY
  "t34"."p" ASC,
  "t34"."channel" ASC;
