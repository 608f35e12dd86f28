-- xlkpi roi: Return on investment, per month, options: defaults; snowflake SQL
WITH "t6" AS (
  SELECT
    MIN(
      (
        (
          (
            DATE_PART(year, "t2"."order_date") - 1970
          ) * 12
        ) + DATE_PART(month, "t2"."order_date")
      ) - 1
    ) AS "lo",
    MAX(
      (
        (
          (
            DATE_PART(year, "t2"."order_date") - 1970
          ) * 12
        ) + DATE_PART(month, "t2"."order_date")
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
            DATE_PART(year, "t3"."date") - 1970
          ) * 12
        ) + DATE_PART(month, "t3"."date")
      ) - 1
    ) AS "lo",
    MAX(
      (
        (
          (
            DATE_PART(year, "t3"."date") - 1970
          ) * 12
        ) + DATE_PART(month, "t3"."date")
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
  IFF(
    "t25"."covered",
    (
      "t25"."gain" - "t25"."amount"
    ) / NULLIF("t25"."amount", 0),
    CAST(NULL AS DOUBLE)
  ) AS "value"
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
      CAST(NULLIF(IFF(_u.pos = _u_2.pos_2, _u_2."p", NULL), '') AS BIGINT) AS "p"
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
    CROSS JOIN TABLE(FLATTEN(INPUT => ARRAY_GENERATE_RANGE(
      0,
      (
        GREATEST(
          ARRAY_SIZE(
            SPLIT(
              ARRAY_TO_STRING(
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t18"."lo", "t18"."hi" + 1, 1), []), []),
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
        NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t18"."lo", "t18"."hi" + 1, 1), []), []),
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
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t18"."lo", "t18"."hi" + 1, 1), []), []),
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
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t18"."lo", "t18"."hi" + 1, 1), []), []),
                'xlkpi_separator_1'
              ),
              'xlkpi_separator_1'
            )
          ) - 1
        )
      )
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
            IFF(
              TRIM("t1"."channel", ' \t\n\r\f') = '',
              CAST(NULL AS VARCHAR),
              TRIM("t1"."channel", ' \t\n\r\f')
            ) AS "channel",
            IFF(
              COALESCE(LOWER(TRIM("t1"."category", ' \t\n\r\f')) = 'marketing', FALSE)
              OR COALESCE(LOWER(TRIM("t1"."category", ' \t\n\r\f')) = 'sales', FALSE),
              COALESCE("t1"."amount", 0),
              0.0
            ) AS "cac",
            IFF(
              COALESCE(LOWER(TRIM("t1"."category", ' \t\n\r\f')) = 'marketing', FALSE),
              COALESCE("t1"."amount", 0),
              0.0
            ) AS "marketing",
            IFF(
              COALESCE(LOWER(TRIM("t1"."category", ' \t\n\r\f')) = 'sales', FALSE),
              COALESCE("t1"."amount", 0),
              0.0
            ) AS "sales",
            IFF(
              COALESCE(LOWER(TRIM("t1"."category", ' \t\n\r\f')) = 'marketing', FALSE)
              OR COALESCE(LOWER(TRIM("t1"."category", ' \t\n\r\f')) = 'sales', FALSE),
              COALESCE("t1"."amount", 0),
              0.0
            ) AS "amount",
            COALESCE("t1"."clicks", 0) AS "clicks",
            CAST(IFF(COALESCE("t1"."clicks" IS NOT NULL, FALSE), 1, 0) AS DOUBLE) AS "clicks_n",
            COALESCE("t1"."impressions", 0) AS "impressions",
            CAST(IFF(COALESCE("t1"."impressions" IS NOT NULL, FALSE), 1, 0) AS DOUBLE) AS "impressions_n",
            (
              (
                (
                  DATE_PART(year, "t1"."date") - 1970
                ) * 12
              ) + DATE_PART(month, "t1"."date")
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
          IFF(
            (
              "t4"."s_" IS NULL
            ) OR (
              "t4"."s_" = 'paid'
            ),
            COALESCE("t4"."revenue", 0),
            0.0
          )
        ) AS "revenue",
        SUM(
          IFF((
            "t4"."s_" IS NULL
          ) OR (
            "t4"."s_" = 'paid'
          ), COALESCE("t4"."cost", 0), 0.0)
        ) AS "cost",
        SUM(IFF(COALESCE((
          "t4"."s_" IS NULL
        ) OR (
          "t4"."s_" = 'paid'
        ), FALSE), 1, 0)) AS "orders",
        COUNT(*) AS "all",
        SUM(IFF(COALESCE("t4"."s_" = 'refunded', FALSE), 1, 0)) AS "refunded",
        SUM(IFF(COALESCE("t4"."s_" = 'returned', FALSE), 1, 0)) AS "returned",
        SUM(IFF(COALESCE("t4"."s_" = 'refunded', FALSE), COALESCE("t4"."revenue", 0), 0.0)) AS "refunded_value",
        SUM(IFF(COALESCE("t4"."s_" = 'returned', FALSE), COALESCE("t4"."revenue", 0), 0.0)) AS "returned_value",
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
                DATE_PART(year, "t0"."order_date") - 1970
              ) * 12
            ) + DATE_PART(month, "t0"."order_date")
          ) - 1 AS "p",
          IFF(
            LOWER(TRIM("t0"."status", ' \t\n\r\f')) = '',
            CAST(NULL AS VARCHAR),
            LOWER(TRIM("t0"."status", ' \t\n\r\f'))
          ) AS "s_"
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
