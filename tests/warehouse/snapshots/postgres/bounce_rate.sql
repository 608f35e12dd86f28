-- xlkpi bounce_rate: Bounce rate, per month, options: defaults; postgres SQL
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
    THEN CAST("t13"."bounced" AS DOUBLE PRECISION) / NULLIF(CAST("t13"."sessions" AS DOUBLE PRECISION), 0)
    ELSE CAST(NULL AS DOUBLE PRECISION)
  END AS "value"
FROM (
  SELECT
    "t12"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t12"."p" >= "t6"."lo0"
        ) AND (
          "t12"."p" <= "t6"."hi0"
        )
      ),
      FALSE
    ) AS "covered",
    COALESCE("t10"."sessions", 0) AS "sessions",
    COALESCE("t10"."bounced", 0) AS "bounced",
    COALESCE("t10"."engaged", 0) AS "engaged",
    COALESCE("t10"."converted", 0) AS "converted",
    COALESCE("t10"."micro", 0) AS "micro"
  FROM (
    SELECT
      UNNEST(
        CASE
          WHEN NULLIF(1, 0) IS NOT NULL AND SIGN(1) = SIGN((
            "t7"."hi" + 1
          ) - "t7"."lo")
          THEN ARRAY_REMOVE(ARRAY(SELECT
            *
          FROM GENERATE_SERIES("t7"."lo", "t7"."hi" + 1, 1)), "t7"."hi" + 1)
          ELSE CAST(ARRAY[] AS BIGINT[])
        END
      ) AS "p"
    FROM (
      SELECT
        MIN("t4"."lo") AS "lo",
        MAX("t4"."hi") AS "hi"
      FROM "t3" AS "t4"
    ) AS "t7"
  ) AS "t12"
  CROSS JOIN (
    SELECT
      "t4"."lo" AS "lo0",
      "t4"."hi" AS "hi0"
    FROM "t3" AS "t4"
  ) AS "t6"
  LEFT OUTER JOIN (
    SELECT
      "t8"."p" AS "p_fact",
      "t8"."sessions",
      "t8"."bounced",
      "t8"."engaged",
      "t8"."converted",
      "t8"."micro"
    FROM (
      SELECT
        "t2"."p",
        COUNT(*) AS "sessions",
        SUM(CASE WHEN COALESCE("t2"."pageviews" = 1, FALSE) THEN 1 ELSE 0 END) AS "bounced",
        SUM(
          CASE
            WHEN COALESCE(
              (
                COALESCE("t2"."duration_seconds", 0) > 10.0
              )
              OR (
                "t2"."pageviews" >= 2
              )
              OR COALESCE("t2"."converted", FALSE),
              FALSE
            )
            THEN 1
            ELSE 0
          END
        ) AS "engaged",
        SUM(CASE WHEN COALESCE(COALESCE("t2"."converted", FALSE), FALSE) THEN 1 ELSE 0 END) AS "converted",
        SUM(
          CASE WHEN COALESCE(COALESCE("t2"."micro_converted", FALSE), FALSE) THEN 1 ELSE 0 END
        ) AS "micro"
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
          "t0"."session_date" IS NOT NULL
      ) AS "t2"
      GROUP BY
        1
    ) AS "t8"
  ) AS "t10"
    ON "t12"."p" = "t10"."p_fact"
) AS "t13"
ORDER BY
  "t13"."p" ASC;
