-- xlkpi cpc: Cost per click, per month, options: defaults; snowflake SQL
WITH "t6" AS (
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
  "t19"."p" AS "period",
  "t19"."channel" AS "segment",
  IFF(
    "t19"."covered",
    IFF(
      "t19"."clicks_n" > 0,
      "t19"."amount" / NULLIF("t19"."clicks", 0),
      CAST(NULL AS DOUBLE)
    ),
    CAST(NULL AS DOUBLE)
  ) AS "value"
FROM (
  SELECT
    "t18"."p",
    "t18"."covered",
    "t18"."channel",
    "t18"."key",
    COALESCE("t13"."cac", 0) AS "cac",
    COALESCE("t13"."marketing", 0) AS "marketing",
    COALESCE("t13"."sales", 0) AS "sales",
    COALESCE("t13"."amount", 0) AS "amount",
    COALESCE("t13"."clicks", 0) AS "clicks",
    COALESCE("t13"."clicks_n", 0) AS "clicks_n",
    COALESCE("t13"."impressions", 0) AS "impressions",
    COALESCE("t13"."impressions_n", 0) AS "impressions_n"
  FROM (
    SELECT
      "t16"."p",
      "t16"."covered",
      "t16"."channel",
      LOWER("t16"."channel") AS "key"
    FROM (
      SELECT
        "t15"."p",
        COALESCE(
          TRUE
          AND (
            (
              "t15"."p" >= "t11"."lo0"
            ) AND (
              "t15"."p" <= "t11"."hi0"
            )
          ),
          FALSE
        ) AS "covered",
        "t5"."channel"
      FROM (
        SELECT
          CAST(NULLIF(IFF(_u.pos = _u_2.pos_2, _u_2."p", NULL), '') AS BIGINT) AS "p"
        FROM (
          SELECT
            MIN("t8"."lo") AS "lo",
            MAX("t8"."hi") AS "hi"
          FROM "t6" AS "t8"
        ) AS "t12"
        CROSS JOIN TABLE(FLATTEN(INPUT => ARRAY_GENERATE_RANGE(
          0,
          (
            GREATEST(
              ARRAY_SIZE(
                SPLIT(
                  ARRAY_TO_STRING(
                    NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t12"."lo", "t12"."hi" + 1, 1), []), []),
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
            NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t12"."lo", "t12"."hi" + 1, 1), []), []),
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
                    NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t12"."lo", "t12"."hi" + 1, 1), []), []),
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
                    NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t12"."lo", "t12"."hi" + 1, 1), []), []),
                    'xlkpi_separator_1'
                  ),
                  'xlkpi_separator_1'
                )
              ) - 1
            )
          )
      ) AS "t15"
      CROSS JOIN (
        SELECT
          "t8"."lo" AS "lo0",
          "t8"."hi" AS "hi0"
        FROM "t6" AS "t8"
      ) AS "t11"
      CROSS JOIN (
        SELECT DISTINCT
          *
        FROM (
          SELECT
            IFF(
              TRIM("t0"."channel", ' \t\n\r\f') = '',
              CAST(NULL AS VARCHAR),
              TRIM("t0"."channel", ' \t\n\r\f')
            ) AS "channel"
          FROM "spend" AS "t0"
          WHERE
            "t0"."date" IS NOT NULL
        ) AS "t2"
        WHERE
          "t2"."channel" IS NOT NULL
      ) AS "t5"
    ) AS "t16"
  ) AS "t18"
  LEFT OUTER JOIN (
    SELECT
      "t7"."p" AS "p_f",
      "t7"."channel" AS "channel_f",
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
        "t4"."channel",
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
      ) AS "t4"
      GROUP BY
        1,
        2
    ) AS "t7"
    WHERE
      "t7"."channel" IS NOT NULL
  ) AS "t13"
    ON "t18"."p" = "t13"."p_f" AND "t18"."channel" = "t13"."channel_f"
) AS "t19"
ORDER BY
  "t19"."p" ASC,
  "t19"."channel" ASC;
