-- xlkpi marketing_originated_pct: Marketing-originated customers, per month, options: defaults; postgres SQL
WITH "t1" AS (
  SELECT
    *
  FROM "customers" AS "t0"
  WHERE
    "t0"."acquired_date" IS NOT NULL
), "t9" AS (
  SELECT
    MIN("t6"."lo") AS "lo",
    MAX("t6"."hi") AS "hi"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        (
          (
            (
              EXTRACT(year FROM MIN("t2"."acquired_date")) - 1970
            ) * 12
          ) + EXTRACT(month FROM MIN("t2"."acquired_date"))
        ) - 1 AS "lo",
        (
          (
            (
              EXTRACT(year FROM MAX("t2"."acquired_date")) - 1970
            ) * 12
          ) + EXTRACT(month FROM MAX("t2"."acquired_date"))
        ) - 1 AS "hi"
      FROM "t1" AS "t2"
    ) AS "t4"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        (
          (
            (
              EXTRACT(year FROM MIN("t2"."churned_date")) - 1970
            ) * 12
          ) + EXTRACT(month FROM MIN("t2"."churned_date"))
        ) - 1 AS "lo",
        (
          (
            (
              EXTRACT(year FROM MAX("t2"."churned_date")) - 1970
            ) * 12
          ) + EXTRACT(month FROM MAX("t2"."churned_date"))
        ) - 1 AS "hi"
      FROM "t1" AS "t2"
    ) AS "t5"
  ) AS "t6"
)
SELECT
  "t17"."p" AS "period",
  '' AS "segment",
  CASE
    WHEN "t17"."covered"
    THEN CAST("t17"."marketing" AS DOUBLE PRECISION) / NULLIF(CAST("t17"."new" AS DOUBLE PRECISION), 0)
    ELSE CAST(NULL AS DOUBLE PRECISION)
  END AS "value"
FROM (
  SELECT
    "t16"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t16"."p" >= "t13"."lo0"
        ) AND (
          "t16"."p" <= "t13"."hi0"
        )
      ),
      FALSE
    ) AS "covered",
    COALESCE("t10"."new", 0) AS "new",
    COALESCE("t10"."marketing", 0) AS "marketing"
  FROM (
    SELECT
      UNNEST(
        CASE
          WHEN NULLIF(1, 0) IS NOT NULL AND SIGN(1) = SIGN((
            "t14"."hi" + 1
          ) - "t14"."lo")
          THEN ARRAY_REMOVE(
            ARRAY(SELECT
              *
            FROM GENERATE_SERIES("t14"."lo", "t14"."hi" + 1, 1)),
            "t14"."hi" + 1
          )
          ELSE CAST(ARRAY[] AS BIGINT[])
        END
      ) AS "p"
    FROM (
      SELECT
        MIN("t11"."lo") AS "lo",
        MAX("t11"."hi") AS "hi"
      FROM "t9" AS "t11"
    ) AS "t14"
  ) AS "t16"
  CROSS JOIN (
    SELECT
      "t11"."lo" AS "lo0",
      "t11"."hi" AS "hi0"
    FROM "t9" AS "t11"
  ) AS "t13"
  LEFT OUTER JOIN (
    SELECT
      "t7"."p" AS "p_fact",
      "t7"."new",
      "t7"."marketing"
    FROM (
      SELECT
        "t3"."p",
        COUNT(*) AS "new",
        SUM(
          CASE
            WHEN COALESCE(COALESCE("t3"."marketing_originated", FALSE), FALSE)
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
      ) AS "t3"
      GROUP BY
        1
    ) AS "t7"
  ) AS "t10"
    ON "t16"."p" = "t10"."p_fact"
) AS "t17"
ORDER BY
  "t17"."p" ASC;
