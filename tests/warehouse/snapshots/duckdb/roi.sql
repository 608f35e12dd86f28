-- xlkpi roi: Return on investment, per month, options: defaults; duckdb SQL
WITH "t6" AS (
  SELECT
    MIN(
      (
        (
          (
            EXTRACT(year FROM "t2"."order_date") - 1970
          ) * 12
        ) + EXTRACT(month FROM "t2"."order_date")
      ) - 1
    ) AS "lo",
    MAX(
      (
        (
          (
            EXTRACT(year FROM "t2"."order_date") - 1970
          ) * 12
        ) + EXTRACT(month FROM "t2"."order_date")
      ) - 1
    ) AS "hi"
  FROM (
    SELECT
      *
    FROM "orders" AS "t0"
    WHERE
      "t0"."order_date" IS NOT NULL
  ) AS "t2"
), "t7" AS (
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
)
SELECT
  "t25"."p" AS "period",
  '' AS "segment",
  CASE
    WHEN "t25"."covered"
    THEN (
      "t25"."gain" - "t25"."amount"
    ) / NULLIF("t25"."amount", 0)
    ELSE CAST(NULL AS DOUBLE)
  END AS "value"
FROM (
  SELECT
    "t24"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t24"."p" >= "t17"."lo0"
        ) AND (
          "t24"."p" <= "t17"."hi0"
        )
      )
      AND (
        (
          "t24"."p" >= "t16"."lo1"
        ) AND (
          "t24"."p" <= "t16"."hi1"
        )
      ),
      FALSE
    ) AS "covered",
    COALESCE("t21"."cac", 0) AS "cac",
    COALESCE("t21"."marketing", 0) AS "marketing",
    COALESCE("t21"."sales", 0) AS "sales",
    COALESCE("t21"."amount", 0) AS "amount",
    COALESCE("t21"."clicks", 0) AS "clicks",
    COALESCE("t21"."clicks_n", 0) AS "clicks_n",
    COALESCE("t21"."impressions", 0) AS "impressions",
    COALESCE("t21"."impressions_n", 0) AS "impressions_n",
    COALESCE("t22"."gain", 0) AS "gain"
  FROM (
    SELECT
      UNNEST(RANGE("t18"."lo", "t18"."hi" + 1, 1)) AS "p"
    FROM (
      SELECT
        MIN("t11"."lo") AS "lo",
        MAX("t11"."hi") AS "hi"
      FROM (
        SELECT
          *
        FROM "t7" AS "t10"
        UNION ALL
        SELECT
          *
        FROM "t6" AS "t9"
      ) AS "t11"
    ) AS "t18"
  ) AS "t24"
  CROSS JOIN (
    SELECT
      "t10"."lo" AS "lo0",
      "t10"."hi" AS "hi0"
    FROM "t7" AS "t10"
  ) AS "t17"
  CROSS JOIN (
    SELECT
      "t9"."lo" AS "lo1",
      "t9"."hi" AS "hi1"
    FROM "t6" AS "t9"
  ) AS "t16"
  LEFT OUTER JOIN (
    SELECT
      "t15"."p" AS "p_fact",
      "t15"."cac",
      "t15"."marketing",
      "t15"."sales",
      "t15"."amount",
      "t15"."clicks",
      "t15"."clicks_n",
      "t15"."impressions",
      "t15"."impressions_n"
    FROM (
      SELECT
        "t8"."p",
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
          "t5"."p",
          "t5"."channel",
          SUM("t5"."cac") AS "cac",
          SUM("t5"."marketing") AS "marketing",
          SUM("t5"."sales") AS "sales",
          SUM("t5"."amount") AS "amount",
          SUM("t5"."clicks") AS "clicks",
          SUM("t5"."clicks_n") AS "clicks_n",
          SUM("t5"."impressions") AS "impressions",
          SUM("t5"."impressions_n") AS "impressions_n"
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
        ) AS "t5"
        GROUP BY
          1,
          2
      ) AS "t8"
      GROUP BY
        1
    ) AS "t15"
  ) AS "t21"
    ON "t24"."p" = "t21"."p_fact"
  LEFT OUTER JOIN (
    SELECT
      "t13"."p" AS "p_fact",
      "t13"."revenue" - "t13"."cost" AS "gain"
    FROM (
      SELECT
        "t4"."p",
        SUM(
          CASE
            WHEN (
              "t4"."s_" IS NULL
            ) OR (
              "t4"."s_" = 'paid'
            )
            THEN COALESCE("t4"."revenue", 0)
            ELSE 0.0
          END
        ) AS "revenue",
        SUM(
          CASE
            WHEN (
              "t4"."s_" IS NULL
            ) OR (
              "t4"."s_" = 'paid'
            )
            THEN COALESCE("t4"."cost", 0)
            ELSE 0.0
          END
        ) AS "cost",
        SUM(
          CASE
            WHEN COALESCE((
              "t4"."s_" IS NULL
            ) OR (
              "t4"."s_" = 'paid'
            ), FALSE)
            THEN 1
            ELSE 0
          END
        ) AS "orders",
        COUNT(*) AS "all",
        SUM(CASE WHEN COALESCE("t4"."s_" = 'refunded', FALSE) THEN 1 ELSE 0 END) AS "refunded",
        SUM(CASE WHEN COALESCE("t4"."s_" = 'returned', FALSE) THEN 1 ELSE 0 END) AS "returned",
        SUM(
          CASE
            WHEN COALESCE("t4"."s_" = 'refunded', FALSE)
            THEN COALESCE("t4"."revenue", 0)
            ELSE 0.0
          END
        ) AS "refunded_value",
        SUM(
          CASE
            WHEN COALESCE("t4"."s_" = 'returned', FALSE)
            THEN COALESCE("t4"."revenue", 0)
            ELSE 0.0
          END
        ) AS "returned_value",
        SUM(COALESCE("t4"."revenue", 0)) AS "all_value"
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
          CASE
            WHEN LOWER(TRIM("t0"."status", ' 	
')) = ''
            THEN CAST(NULL AS TEXT)
            ELSE LOWER(TRIM("t0"."status", ' 	
'))
          END AS "s_"
        FROM "orders" AS "t0"
        WHERE
          "t0"."order_date" IS NOT NULL
      ) AS "t4"
      GROUP BY
        1
    ) AS "t13"
  ) AS "t22"
    ON "t24"."p" = "t22"."p_fact"
) AS "t25"
ORDER BY
  "t25"."p" ASC;
