-- xlkpi won: Leads won, per month, options: defaults; snowflake SQL
WITH "t1" AS (
  SELECT
    *
  FROM "leads" AS "t0"
  WHERE
    "t0"."created_date" IS NOT NULL
), "t14" AS (
  SELECT
    MIN("t13"."lo") AS "lo",
    MAX("t13"."hi") AS "hi"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          (
            (
              (
                DATE_PART(year, MIN("t2"."created_date")) - 1970
              ) * 12
            ) + DATE_PART(month, MIN("t2"."created_date"))
          ) - 1 AS "lo",
          (
            (
              (
                DATE_PART(year, MAX("t2"."created_date")) - 1970
              ) * 12
            ) + DATE_PART(month, MAX("t2"."created_date"))
          ) - 1 AS "hi"
        FROM "t1" AS "t2"
      ) AS "t6"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          (
            (
              (
                DATE_PART(year, MIN("t2"."mql_date")) - 1970
              ) * 12
            ) + DATE_PART(month, MIN("t2"."mql_date"))
          ) - 1 AS "lo",
          (
            (
              (
                DATE_PART(year, MAX("t2"."mql_date")) - 1970
              ) * 12
            ) + DATE_PART(month, MAX("t2"."mql_date"))
          ) - 1 AS "hi"
        FROM "t1" AS "t2"
      ) AS "t7"
    ) AS "t11"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          (
            (
              (
                DATE_PART(year, MIN("t2"."sql_date")) - 1970
              ) * 12
            ) + DATE_PART(month, MIN("t2"."sql_date"))
          ) - 1 AS "lo",
          (
            (
              (
                DATE_PART(year, MAX("t2"."sql_date")) - 1970
              ) * 12
            ) + DATE_PART(month, MAX("t2"."sql_date"))
          ) - 1 AS "hi"
        FROM "t1" AS "t2"
      ) AS "t8"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          (
            (
              (
                DATE_PART(year, MIN("t2"."won_date")) - 1970
              ) * 12
            ) + DATE_PART(month, MIN("t2"."won_date"))
          ) - 1 AS "lo",
          (
            (
              (
                DATE_PART(year, MAX("t2"."won_date")) - 1970
              ) * 12
            ) + DATE_PART(month, MAX("t2"."won_date"))
          ) - 1 AS "hi"
        FROM "t1" AS "t2"
      ) AS "t9"
    ) AS "t12"
  ) AS "t13"
)
SELECT
  "t21"."p" AS "period",
  '' AS "segment",
  IFF("t21"."covered", CAST("t21"."n" AS DOUBLE), CAST(NULL AS DOUBLE)) AS "value"
FROM (
  SELECT
    "t20"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t20"."p" >= "t17"."lo0"
        ) AND (
          "t20"."p" <= "t17"."hi0"
        )
      ),
      FALSE
    ) AS "covered",
    COALESCE("t10"."n", 0) AS "n"
  FROM (
    SELECT
      CAST(NULLIF(IFF(_u.pos = _u_2.pos_2, _u_2."p", NULL), '') AS BIGINT) AS "p"
    FROM (
      SELECT
        MIN("t15"."lo") AS "lo",
        MAX("t15"."hi") AS "hi"
      FROM "t14" AS "t15"
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
  ) AS "t20"
  CROSS JOIN (
    SELECT
      "t15"."lo" AS "lo0",
      "t15"."hi" AS "hi0"
    FROM "t14" AS "t15"
  ) AS "t17"
  LEFT OUTER JOIN (
    SELECT
      "t4"."p" AS "p_fact",
      "t4"."n"
    FROM (
      SELECT
        "t3"."p",
        COUNT(*) AS "n"
      FROM (
        SELECT
          "t0"."lead_id",
          "t0"."created_date",
          "t0"."source",
          "t0"."mql_date",
          "t0"."sql_date",
          "t0"."won_date",
          "t0"."customer_id",
          (
            (
              (
                DATE_PART(year, "t0"."won_date") - 1970
              ) * 12
            ) + DATE_PART(month, "t0"."won_date")
          ) - 1 AS "p"
        FROM "leads" AS "t0"
        WHERE
          "t0"."created_date" IS NOT NULL AND "t0"."won_date" IS NOT NULL
      ) AS "t3"
      GROUP BY
        1
    ) AS "t4"
  ) AS "t10"
    ON "t20"."p" = "t10"."p_fact"
) AS "t21"
ORDER BY
  "t21"."p" ASC;
