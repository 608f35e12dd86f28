-- xlkpi marketing_pct_of_cac: Marketing % of CAC, per month, options: defaults; postgres SQL
WITH "t3" AS (
  SELECT
    MIN(
      (
        (
          (
            EXTRACT(year FROM "t1"."date") - 1970
          ) * 12
        ) + EXTRACT(month FROM "t1"."date")
      ) - 1
    ) AS "lo",
    MAX(
      (
        (
          (
            EXTRACT(year FROM "t1"."date") - 1970
          ) * 12
        ) + EXTRACT(month FROM "t1"."date")
      ) - 1
    ) AS "hi"
  FROM (
    SELECT
      *
    FROM "spend" AS "t0"
    WHERE
      "t0"."date" IS NOT NULL
  ) AS "t1"
)
SELECT
  "t14"."p" AS "period",
  '' AS "segment",
  CASE
    WHEN "t14"."covered"
    THEN CAST("t14"."marketing" AS DOUBLE PRECISION) / NULLIF("t14"."marketing" + "t14"."sales", 0)
    ELSE CAST(NULL AS DOUBLE PRECISION)
  END AS "value"
FROM (
  SELECT
    "t13"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t13"."p" >= "t8"."lo0"
        ) AND (
          "t13"."p" <= "t8"."hi0"
        )
      ),
      FALSE
    ) AS "covered",
    COALESCE("t11"."cac", 0) AS "cac",
    COALESCE("t11"."marketing", 0) AS "marketing",
    COALESCE("t11"."sales", 0) AS "sales",
    COALESCE("t11"."amount", 0) AS "amount",
    COALESCE("t11"."clicks", 0) AS "clicks",
    COALESCE("t11"."clicks_n", 0) AS "clicks_n",
    COALESCE("t11"."impressions", 0) AS "impressions",
    COALESCE("t11"."impressions_n", 0) AS "impressions_n"
  FROM (
    SELECT
      UNNEST(
        CASE
          WHEN NULLIF(1, 0) IS NOT NULL AND SIGN(1) = SIGN((
            "t9"."hi" + 1
          ) - "t9"."lo")
          THEN ARRAY_REMOVE(ARRAY(SELECT
            *
          FROM GENERATE_SERIES("t9"."lo", "t9"."hi" + 1, 1)), "t9"."hi" + 1)
          ELSE CAST(ARRAY[] AS BIGINT[])
        END
      ) AS "p"
    FROM (
      SELECT
        MIN("t5"."lo") AS "lo",
        MAX("t5"."hi") AS "hi"
      FROM "t3" AS "t5"
    ) AS "t9"
  ) AS "t13"
  CROSS JOIN (
    SELECT
      "t5"."lo" AS "lo0",
      "t5"."hi" AS "hi0"
    FROM "t3" AS "t5"
  ) AS "t8"
  LEFT OUTER JOIN (
    SELECT
      "t7"."p" AS "p_fact",
      "t7"."cac",
      "t7"."marketing",
      "t7"."sales",
      "t7"."amount",
      "t7"."clicks",
      "t7"."clicks_n",
      "t7"."impressions",
      "t7"."impressions_n"
    FROM (
      SELECT
        "t4"."p",
        SUM("t4"."cac") AS "cac",
        SUM("t4"."marketing") AS "marketing",
        SUM("t4"."sales") AS "sales",
        SUM("t4"."amount") AS "amount",
        SUM("t4"."clicks") AS "clicks",
        SUM("t4"."clicks_n") AS "clicks_n",
        SUM("t4"."impressions") AS "impressions",
        SUM("t4"."impressions_n") AS "impressions_n"
      FROM (
        SELECT
          "t2"."p",
          "t2"."channel",
          SUM("t2"."cac") AS "cac",
          SUM("t2"."marketing") AS "marketing",
          SUM("t2"."sales") AS "sales",
          SUM("t2"."amount") AS "amount",
          SUM("t2"."clicks") AS "clicks",
          SUM("t2"."clicks_n") AS "clicks_n",
          SUM("t2"."impressions") AS "impressions",
          SUM("t2"."impressions_n") AS "impressions_n"
        FROM (
          SELECT
            "t0"."date",
            CASE
              WHEN TRIM(' 	
' FROM "t0"."channel") = ''
              THEN CAST(NULL AS VARCHAR)
              ELSE TRIM(' 	
' FROM "t0"."channel")
            END AS "channel",
            CASE
              WHEN COALESCE(LOWER(TRIM(' 	
' FROM "t0"."category")) = 'marketing', FALSE)
              OR COALESCE(LOWER(TRIM(' 	
' FROM "t0"."category")) = 'sales', FALSE)
              THEN COALESCE("t0"."amount", 0)
              ELSE 0.0
            END AS "cac",
            CASE
              WHEN COALESCE(LOWER(TRIM(' 	
' FROM "t0"."category")) = 'marketing', FALSE)
              THEN COALESCE("t0"."amount", 0)
              ELSE 0.0
            END AS "marketing",
            CASE
              WHEN COALESCE(LOWER(TRIM(' 	
' FROM "t0"."category")) = 'sales', FALSE)
              THEN COALESCE("t0"."amount", 0)
              ELSE 0.0
            END AS "sales",
            CASE
              WHEN COALESCE(LOWER(TRIM(' 	
' FROM "t0"."category")) = 'marketing', FALSE)
              OR COALESCE(LOWER(TRIM(' 	
' FROM "t0"."category")) = 'sales', FALSE)
              THEN COALESCE("t0"."amount", 0)
              ELSE 0.0
            END AS "amount",
            COALESCE("t0"."clicks", 0) AS "clicks",
            CAST(CASE WHEN COALESCE("t0"."clicks" IS NOT NULL, FALSE) THEN 1 ELSE 0 END AS DOUBLE PRECISION) AS "clicks_n",
            COALESCE("t0"."impressions", 0) AS "impressions",
            CAST(CASE WHEN COALESCE("t0"."impressions" IS NOT NULL, FALSE) THEN 1 ELSE 0 END AS DOUBLE PRECISION) AS "impressions_n",
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
        ) AS "t2"
        GROUP BY
          1,
          2
      ) AS "t4"
      GROUP BY
        1
    ) AS "t7"
  ) AS "t11"
    ON "t13"."p" = "t11"."p_fact"
) AS "t14"
ORDER BY
  "t14"."p" ASC;
