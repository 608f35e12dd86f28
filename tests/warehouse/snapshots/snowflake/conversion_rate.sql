-- xlkpi conversion_rate: Conversion rate, per month, options: defaults; snowflake SQL
WITH "t3" AS (
  SELECT
    (
      (
        (
          DATE_PART(year, MIN("t1"."session_date")) - 1970
        ) * 12
      ) + DATE_PART(month, MIN("t1"."session_date"))
    ) - 1 AS "lo",
    (
      (
        (
          DATE_PART(year, MAX("t1"."session_date")) - 1970
        ) * 12
      ) + DATE_PART(month, MAX("t1"."session_date"))
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
  IFF(
    "t13"."covered",
    CAST("t13"."converted" AS DOUBLE) / NULLIF(CAST("t13"."sessions" AS DOUBLE), 0),
    CAST(NULL AS DOUBLE)
  ) AS "value"
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
      CAST(NULLIF(IFF(_u.pos = _u_2.pos_2, _u_2."p", NULL), '') AS BIGINT) AS "p"
    FROM (
      SELECT
        MIN("t4"."lo") AS "lo",
        MAX("t4"."hi") AS "hi"
      FROM "t3" AS "t4"
    ) AS "t7"
    CROSS JOIN TABLE(FLATTEN(INPUT => ARRAY_GENERATE_RANGE(
      0,
      (
        GREATEST(
          ARRAY_SIZE(
            SPLIT(
              ARRAY_TO_STRING(
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t7"."lo", "t7"."hi" + 1, 1), []), []),
                'xlkpi_separator_1'
              ),
              'xlkpi_separator_1'
            )
          )
        ) - 1
      ) + 1
    ))) AS _u(seq, key, path, index, pos, this)
    CROSS JOIN TABLE(FLATTEN(INPUT => SPLIT(
      ARRAY_TO_STRING(
        NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t7"."lo", "t7"."hi" + 1, 1), []), []),
        'xlkpi_separator_1'
      ),
      'xlkpi_separator_1'
    ))) AS _u_2(seq, key, path, pos_2, "p", this)
    WHERE
      _u.pos = _u_2.pos_2
      OR (
        _u.pos > (
          ARRAY_SIZE(
            SPLIT(
              ARRAY_TO_STRING(
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t7"."lo", "t7"."hi" + 1, 1), []), []),
                'xlkpi_separator_1'
              ),
              'xlkpi_separator_1'
            )
          ) - 1
        )
        AND _u_2.pos_2 = (
          ARRAY_SIZE(
            SPLIT(
              ARRAY_TO_STRING(
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t7"."lo", "t7"."hi" + 1, 1), []), []),
                'xlkpi_separator_1'
              ),
              'xlkpi_separator_1'
            )
          ) - 1
        )
      )
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
        SUM(IFF(COALESCE("t2"."pageviews" = 1, FALSE), 1, 0)) AS "bounced",
        SUM(
          IFF(
            COALESCE(
              (
                COALESCE("t2"."duration_seconds", 0) > 10.0
              )
              OR (
                "t2"."pageviews" >= 2
              )
              OR COALESCE("t2"."converted", FALSE),
              FALSE
            ),
            1,
            0
          )
        ) AS "engaged",
        SUM(IFF(COALESCE(COALESCE("t2"."converted", FALSE), FALSE), 1, 0)) AS "converted",
        SUM(IFF(COALESCE(COALESCE("t2"."micro_converted", FALSE), FALSE), 1, 0)) AS "micro"
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
                DATE_PART(year, "t0"."session_date") - 1970
              ) * 12
            ) + DATE_PART(month, "t0"."session_date")
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
