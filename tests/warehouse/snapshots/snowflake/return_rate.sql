-- xlkpi return_rate: Return rate, per month, options: defaults; snowflake SQL
WITH "t3" AS (
  SELECT
    MIN(
      (
        (
          (
            DATE_PART(year, "t1"."order_date") - 1970
          ) * 12
        ) + DATE_PART(month, "t1"."order_date")
      ) - 1
    ) AS "lo",
    MAX(
      (
        (
          (
            DATE_PART(year, "t1"."order_date") - 1970
          ) * 12
        ) + DATE_PART(month, "t1"."order_date")
      ) - 1
    ) AS "hi"
  FROM (
    SELECT
      *
    FROM "orders" AS "t0"
    WHERE
      "t0"."order_date" IS NOT NULL
  ) AS "t1"
)
SELECT
  "t13"."p" AS "period",
  '' AS "segment",
  IFF(
    "t13"."covered",
    CAST("t13"."returned" AS DOUBLE) / NULLIF(CAST("t13"."all" AS DOUBLE), 0),
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
    COALESCE("t10"."revenue", 0) AS "revenue",
    COALESCE("t10"."cost", 0) AS "cost",
    COALESCE("t10"."orders", 0) AS "orders",
    COALESCE("t10"."all", 0) AS "all",
    COALESCE("t10"."refunded", 0) AS "refunded",
    COALESCE("t10"."returned", 0) AS "returned",
    COALESCE("t10"."refunded_value", 0) AS "refunded_value",
    COALESCE("t10"."returned_value", 0) AS "returned_value",
    COALESCE("t10"."all_value", 0) AS "all_value"
  FROM (
    SELECT
      CAST(NULLIF(IFF(_u.pos = _u_2.pos_2, _u_2."p", NULL), '') AS BIGINT) AS "p"
    FROM (
      SELECT
        MIN("t4"."lo") AS "lo",
        MAX("t4"."hi") AS "hi"
      FROM "t3" AS "t4"
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
      "t4"."lo" AS "lo0",
      "t4"."hi" AS "hi0"
    FROM "t3" AS "t4"
  ) AS "t7"
  LEFT OUTER JOIN (
    SELECT
      "t6"."p" AS "p_fact",
      "t6"."revenue",
      "t6"."cost",
      "t6"."orders",
      "t6"."all",
      "t6"."refunded",
      "t6"."returned",
      "t6"."refunded_value",
      "t6"."returned_value",
      "t6"."all_value"
    FROM (
      SELECT
        "t2"."p",
        SUM(
          IFF(
            (
              "t2"."s_" IS NULL
            ) OR (
              "t2"."s_" = 'paid'
            ),
            COALESCE("t2"."revenue", 0),
            0.0
          )
        ) AS "revenue",
        SUM(
          IFF((
            "t2"."s_" IS NULL
          ) OR (
            "t2"."s_" = 'paid'
          ), COALESCE("t2"."cost", 0), 0.0)
        ) AS "cost",
        SUM(IFF(COALESCE((
          "t2"."s_" IS NULL
        ) OR (
          "t2"."s_" = 'paid'
        ), FALSE), 1, 0)) AS "orders",
        COUNT(*) AS "all",
        SUM(IFF(COALESCE("t2"."s_" = 'refunded', FALSE), 1, 0)) AS "refunded",
        SUM(IFF(COALESCE("t2"."s_" = 'returned', FALSE), 1, 0)) AS "returned",
        SUM(IFF(COALESCE("t2"."s_" = 'refunded', FALSE), COALESCE("t2"."revenue", 0), 0.0)) AS "refunded_value",
        SUM(IFF(COALESCE("t2"."s_" = 'returned', FALSE), COALESCE("t2"."revenue", 0), 0.0)) AS "returned_value",
        SUM(COALESCE("t2"."revenue", 0)) AS "all_value"
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
      ) AS "t2"
      GROUP BY
        1
    ) AS "t6"
  ) AS "t10"
    ON "t12"."p" = "t10"."p_fact"
) AS "t13"
ORDER BY
  "t13"."p" ASC;
