-- xlkpi returning_visitor_rate: Returning visitor rate, per month, options: defaults; snowflake SQL
WITH "t4" AS (
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
  "t15"."p" AS "period",
  '' AS "segment",
  IFF(
    "t15"."covered",
    CAST("t15"."back" AS DOUBLE) / NULLIF(CAST("t15"."all" AS DOUBLE), 0),
    CAST(NULL AS DOUBLE)
  ) AS "value"
FROM (
  SELECT
    "t12"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t12"."p" >= "t7"."lo0"
        ) AND (
          "t12"."p" <= "t7"."hi0"
        )
      ),
      FALSE
    ) AS "covered",
    COALESCE("t14"."back", 0) AS "back",
    COALESCE("t14"."all", 0) AS "all"
  FROM (
    SELECT
      CAST(NULLIF(IFF(_u.pos = _u_2.pos_2, _u_2."p", NULL), '') AS BIGINT) AS "p"
    FROM (
      SELECT
        MIN("t5"."lo") AS "lo",
        MAX("t5"."hi") AS "hi"
      FROM "t4" AS "t5"
    ) AS "t8"
    CROSS JOIN TABLE(FLATTEN(INPUT => ARRAY_GENERATE_RANGE(
      0,
      (
        GREATEST(
          ARRAY_SIZE(
            SPLIT(
              ARRAY_TO_STRING(
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t8"."lo", "t8"."hi" + 1, 1), []), []),
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
        NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t8"."lo", "t8"."hi" + 1, 1), []), []),
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
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t8"."lo", "t8"."hi" + 1, 1), []), []),
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
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t8"."lo", "t8"."hi" + 1, 1), []), []),
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
      "t5"."lo" AS "lo0",
      "t5"."hi" AS "hi0"
    FROM "t4" AS "t5"
  ) AS "t7"
  LEFT OUTER JOIN (
    SELECT
      "t11"."p" AS "p_fact",
      "t11"."back",
      "t11"."all"
    FROM (
      SELECT
        "t9"."p",
        SUM(IFF(COALESCE("t9"."back", FALSE), 1, 0)) AS "back",
        COUNT(*) AS "all"
      FROM (
        SELECT
          "t3"."visitor_id",
          "t3"."p",
          "t3"."n",
          (
            "t3"."p" > MIN("t3"."p") OVER (
              PARTITION BY "t3"."visitor_id"
              ORDER BY NULL ASC
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            )
          )
          OR (
            "t3"."n" >= 2
          ) AS "back"
        FROM (
          SELECT
            "t2"."visitor_id",
            "t2"."p",
            COUNT(*) AS "n"
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
              "t0"."session_date" IS NOT NULL AND "t0"."visitor_id" IS NOT NULL
          ) AS "t2"
          GROUP BY
            1,
            2
        ) AS "t3"
      ) AS "t9"
      GROUP BY
        1
    ) AS "t11"
  ) AS "t14"
    ON "t12"."p" = "t14"."p_fact"
) AS "t15"
ORDER BY
  "t15"."p" ASC;
