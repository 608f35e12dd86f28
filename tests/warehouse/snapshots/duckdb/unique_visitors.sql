-- xlkpi unique_visitors: Unique visitors, per month, options: defaults; duckdb SQL
WITH "t3" AS (
  SELECT
    (
      (
        (
          EXTRACT(year FROM MIN("t1"."session_date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MIN("t1"."session_date"))
    ) - 1 AS "lo",
    (
      (
        (
          EXTRACT(year FROM MAX("t1"."session_date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MAX("t1"."session_date"))
    ) - 1 AS "hi"
  FROM (
    SELECT
      *
    FROM "sessions" AS "t0"
    WHERE
      "t0"."session_date" IS NOT NULL
  ) AS "t1"
)
SELECT
  "t13"."p" AS "period",
  '' AS "segment",
  CASE
    WHEN "t13"."covered"
    THEN CAST("t13"."visitors" AS DOUBLE)
    ELSE CAST(NULL AS DOUBLE)
  END AS "value"
FROM (
  SELECT
    "t12"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t12"."p" >= "t8"."lo0"
        ) AND (
          "t12"."p" <= "t8"."hi0"
        )
      ),
      FALSE
    ) AS "covered",
    COALESCE("t10"."visitors", 0) AS "visitors",
    COALESCE("t10"."opted", 0) AS "opted"
  FROM (
    SELECT
      UNNEST(RANGE("t9"."lo", "t9"."hi" + 1, 1)) AS "p"
    FROM (
      SELECT
        MIN("t4"."lo") AS "lo",
        MAX("t4"."hi") AS "hi"
      FROM "t3" AS "t4"
    ) AS "t9"
  ) AS "t12"
  CROSS JOIN (
    SELECT
      "t4"."lo" AS "lo0",
      "t4"."hi" AS "hi0"
    FROM "t3" AS "t4"
  ) AS "t8"
  LEFT OUTER JOIN (
    SELECT
      "t5"."p" AS "p_fact",
      "t5"."visitors",
      "t5"."opted"
    FROM (
      SELECT
        "t2"."p",
        COUNT(DISTINCT "t2"."visitor_id") AS "visitors",
        COUNT(
          DISTINCT CASE
            WHEN COALESCE("t2"."email_optin", FALSE)
            THEN "t2"."visitor_id"
            ELSE CAST(NULL AS TEXT)
          END
        ) AS "opted"
      FROM (
        SELECT
          "t0"."session_date",
          "t0"."visitor_id",
          "t0"."pageviews",
          "t0"."device",
          "t0"."source",
          "t0"."converted",
          "t0"."micro_converted",
          "t0"."email_optin",
          "t0"."duration_seconds",
          (
            (
              (
                EXTRACT(year FROM "t0"."session_date") - 1970
              ) * 12
            ) + EXTRACT(month FROM "t0"."session_date")
          ) - 1 AS "p"
        FROM "sessions" AS "t0"
        WHERE
          "t0"."session_date" IS NOT NULL AND "t0"."visitor_id" IS NOT NULL
      ) AS "t2"
      GROUP BY
        1
    ) AS "t5"
  ) AS "t10"
    ON "t12"."p" = "t10"."p_fact"
) AS "t13"
ORDER BY
  "t13"."p" ASC;
