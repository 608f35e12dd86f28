-- xlkpi marketing_originated_pct: Marketing-originated customers, per month, options: defaults; snowflake SQL
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
              DATE_PART(year, MIN("t2"."acquired_date")) - 1970
            ) * 12
          ) + DATE_PART(month, MIN("t2"."acquired_date"))
        ) - 1 AS "lo",
        (
          (
            (
              DATE_PART(year, MAX("t2"."acquired_date")) - 1970
            ) * 12
          ) + DATE_PART(month, MAX("t2"."acquired_date"))
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
              DATE_PART(year, MIN("t2"."churned_date")) - 1970
            ) * 12
          ) + DATE_PART(month, MIN("t2"."churned_date"))
        ) - 1 AS "lo",
        (
          (
            (
              DATE_PART(year, MAX("t2"."churned_date")) - 1970
            ) * 12
          ) + DATE_PART(month, MAX("t2"."churned_date"))
        ) - 1 AS "hi"
      FROM "t1" AS "t2"
    ) AS "t5"
  ) AS "t6"
)
SELECT
  "t17"."p" AS "period",
  '' AS "segment",
  IFF(
    "t17"."covered",
    CAST("t17"."marketing" AS DOUBLE) / NULLIF(CAST("t17"."new" AS DOUBLE), 0),
    CAST(NULL AS DOUBLE)
  ) AS "value"
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
      CAST(NULLIF(IFF(_u.pos = _u_2.pos_2, _u_2."p", NULL), '') AS BIGINT) AS "p"
    FROM (
      SELECT
        MIN("t11"."lo") AS "lo",
        MAX("t11"."hi") AS "hi"
      FROM "t9" AS "t11"
    ) AS "t14"
    CROSS JOIN TABLE(FLATTEN(INPUT => ARRAY_GENERATE_RANGE(
      0,
      (
        GREATEST(
          ARRAY_SIZE(
            SPLIT(
              ARRAY_TO_STRING(
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t14"."lo", "t14"."hi" + 1, 1), []), []),
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
        NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t14"."lo", "t14"."hi" + 1, 1), []), []),
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
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t14"."lo", "t14"."hi" + 1, 1), []), []),
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
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t14"."lo", "t14"."hi" + 1, 1), []), []),
                'xlkpi_separator_1'
              ),
              'xlkpi_separator_1'
            )
          ) - 1
        )
      )
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
        SUM(IFF(COALESCE(COALESCE("t3"."marketing_originated", FALSE), FALSE), 1, 0)) AS "marketing"
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
                DATE_PART(year, "t0"."acquired_date") - 1970
              ) * 12
            ) + DATE_PART(month, "t0"."acquired_date")
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
