-- xlkpi marketing_pct_of_cac: Marketing % of CAC, per month, options: defaults; snowflake SQL
WITH "t3" AS (
  SELECT
    MIN(
      (
        (
          (
            DATE_PART(year, "t1"."date") - 1970
          ) * 12
        ) + DATE_PART(month, "t1"."date")
      ) - 1
    ) AS "lo",
    MAX(
      (
        (
          (
            DATE_PART(year, "t1"."date") - 1970
          ) * 12
        ) + DATE_PART(month, "t1"."date")
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
  IFF(
    "t14"."covered",
    "t14"."marketing" / NULLIF("t14"."marketing" + "t14"."sales", 0),
    CAST(NULL AS DOUBLE)
  ) AS "value"
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
      CAST(NULLIF(IFF(_u.pos = _u_2.pos_2, _u_2."p", NULL), '') AS BIGINT) AS "p"
    FROM (
      SELECT
        MIN("t5"."lo") AS "lo",
        MAX("t5"."hi") AS "hi"
      FROM "t3" AS "t5"
    ) AS "t9"
    CROSS JOIN TABLE(FLATTEN(INPUT => ARRAY_GENERATE_RANGE(
      0,
      (
        GREATEST(
          ARRAY_SIZE(
            SPLIT(
              ARRAY_TO_STRING(
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t9"."lo", "t9"."hi" + 1, 1), []), []),
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
        NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t9"."lo", "t9"."hi" + 1, 1), []), []),
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
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t9"."lo", "t9"."hi" + 1, 1), []), []),
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
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t9"."lo", "t9"."hi" + 1, 1), []), []),
                'xlkpi_separator_1'
              ),
              'xlkpi_separator_1'
            )
          ) - 1
        )
      )
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
            IFF(
              TRIM("t0"."channel", ' \t\n\r\f') = '',
              CAST(NULL AS VARCHAR),
              TRIM("t0"."channel", ' \t\n\r\f')
            ) AS "channel",
            IFF(
              COALESCE(LOWER(TRIM("t0"."category", ' \t\n\r\f')) = 'marketing', FALSE)
              OR COALESCE(LOWER(TRIM("t0"."category", ' \t\n\r\f')) = 'sales', FALSE),
              COALESCE("t0"."amount", 0),
              0.0
            ) AS "cac",
            IFF(
              COALESCE(LOWER(TRIM("t0"."category", ' \t\n\r\f')) = 'marketing', FALSE),
              COALESCE("t0"."amount", 0),
              0.0
            ) AS "marketing",
            IFF(
              COALESCE(LOWER(TRIM("t0"."category", ' \t\n\r\f')) = 'sales', FALSE),
              COALESCE("t0"."amount", 0),
              0.0
            ) AS "sales",
            IFF(
              COALESCE(LOWER(TRIM("t0"."category", ' \t\n\r\f')) = 'marketing', FALSE)
              OR COALESCE(LOWER(TRIM("t0"."category", ' \t\n\r\f')) = 'sales', FALSE),
              COALESCE("t0"."amount", 0),
              0.0
            ) AS "amount",
            COALESCE("t0"."clicks", 0) AS "clicks",
            CAST(IFF(COALESCE("t0"."clicks" IS NOT NULL, FALSE), 1, 0) AS DOUBLE) AS "clicks_n",
            COALESCE("t0"."impressions", 0) AS "impressions",
            CAST(IFF(COALESCE("t0"."impressions" IS NOT NULL, FALSE), 1, 0) AS DOUBLE) AS "impressions_n",
            (
              (
                (
                  DATE_PART(year, "t0"."date") - 1970
                ) * 12
              ) + DATE_PART(month, "t0"."date")
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
