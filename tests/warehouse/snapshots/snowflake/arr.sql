-- xlkpi arr: Annual recurring revenue, per month, options: defaults; snowflake SQL
WITH "t2" AS (
  SELECT
    DATE_TRUNC('MONTH', "t0"."month") AS "month",
    "t0"."customer_id",
    "t0"."mrr"
  FROM "subscriptions" AS "t0"
  WHERE
    DATE_TRUNC('MONTH', "t0"."month") IS NOT NULL
), "t17" AS (
  SELECT
    MIN("t14"."lo") AS "lo",
    MAX("t14"."hi") AS "hi"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        (
          (
            (
              DATE_PART(year, MIN(DATE_TRUNC('MONTH', "t3"."month"))) - 1970
            ) * 12
          ) + DATE_PART(month, MIN(DATE_TRUNC('MONTH', "t3"."month")))
        ) - 1 AS "lo",
        (
          (
            (
              DATE_PART(year, MAX(DATE_TRUNC('MONTH', "t3"."month"))) - 1970
            ) * 12
          ) + DATE_PART(month, MAX(DATE_TRUNC('MONTH', "t3"."month")))
        ) - 1 AS "hi"
      FROM "t2" AS "t3"
    ) AS "t9"
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
                DATE_PART(year, MIN("t3"."month")) - 1970
              ) * 12
            ) + DATE_PART(month, MIN("t3"."month"))
          ) - 1 AS "lo",
          (
            (
              (
                DATE_PART(year, MAX("t3"."month")) - 1970
              ) * 12
            ) + DATE_PART(month, MAX("t3"."month"))
          ) - 1 AS "hi"
        FROM "t2" AS "t3"
      ) AS "t8"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          (
            (
              (
                DATE_PART(
                  year,
                  MIN(DATEADD(DAY, -'1', DATEADD(MONTH, '1', DATE_TRUNC('MONTH', "t3"."month"))))
                ) - 1970
              ) * 12
            ) + DATE_PART(
              month,
              MIN(DATEADD(DAY, -'1', DATEADD(MONTH, '1', DATE_TRUNC('MONTH', "t3"."month"))))
            )
          ) - 1 AS "lo",
          (
            (
              (
                DATE_PART(
                  year,
                  MAX(DATEADD(DAY, -'1', DATEADD(MONTH, '1', DATE_TRUNC('MONTH', "t3"."month"))))
                ) - 1970
              ) * 12
            ) + DATE_PART(
              month,
              MAX(DATEADD(DAY, -'1', DATEADD(MONTH, '1', DATE_TRUNC('MONTH', "t3"."month"))))
            )
          ) - 1 AS "hi"
        FROM "t2" AS "t3"
      ) AS "t11"
    ) AS "t12"
  ) AS "t14"
)
SELECT
  "t30"."p" AS "period",
  '' AS "segment",
  IFF("t30"."covered", "t30"."mrr" * 12.0, CAST(NULL AS DOUBLE)) AS "value"
FROM (
  SELECT
    "t23"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t23"."p" >= "t20"."lo0"
        ) AND (
          "t23"."p" <= "t20"."hi0"
        )
      ),
      FALSE
    ) AS "covered",
    "t29"."mrr"
  FROM (
    SELECT
      CAST(NULLIF(IFF(_u.pos = _u_2.pos_2, _u_2."p", NULL), '') AS BIGINT) AS "p"
    FROM (
      SELECT
        MIN("t18"."lo") AS "lo",
        MAX("t18"."hi") AS "hi"
      FROM "t17" AS "t18"
    ) AS "t21"
    CROSS JOIN TABLE(FLATTEN(INPUT => ARRAY_GENERATE_RANGE(
      0,
      (
        GREATEST(
          ARRAY_SIZE(
            SPLIT(
              ARRAY_TO_STRING(
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t21"."lo", "t21"."hi" + 1, 1), []), []),
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
        NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t21"."lo", "t21"."hi" + 1, 1), []), []),
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
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t21"."lo", "t21"."hi" + 1, 1), []), []),
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
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t21"."lo", "t21"."hi" + 1, 1), []), []),
                'xlkpi_separator_1'
              ),
              'xlkpi_separator_1'
            )
          ) - 1
        )
      )
  ) AS "t23"
  CROSS JOIN (
    SELECT
      "t18"."lo" AS "lo0",
      "t18"."hi" AS "hi0"
    FROM "t17" AS "t18"
  ) AS "t20"
  LEFT OUTER JOIN (
    SELECT
      "t27"."p" AS "p_fact",
      "t27"."mrr"
    FROM (
      SELECT
        "t26"."p",
        IFF(
          (
            "t26"."m" >= "t7"."lo"
          ) AND (
            "t26"."m" <= "t7"."hi"
          ),
          COALESCE("t16"."total", 0),
          CAST(NULL AS DOUBLE)
        ) AS "mrr"
      FROM (
        SELECT
          "t24"."p",
          "t24"."covered",
          (
            (
              (
                DATE_PART(
                  year,
                  DATEADD(
                    DAY,
                    -'1',
                    CAST(DATE_FROM_PARTS(
                      CAST(FLOOR((
                        "t24"."p" + 1
                      ) / (
                        12
                      )) AS BIGINT) + 1970,
                      (
                        (
                          "t24"."p" + 1
                        ) - (
                          CAST(FLOOR((
                            "t24"."p" + 1
                          ) / (
                            12
                          )) AS BIGINT) * 12
                        )
                      ) + 1,
                      1
                    ) AS TIMESTAMP)
                  )
                ) - 1970
              ) * 12
            ) + DATE_PART(
              month,
              DATEADD(
                DAY,
                -'1',
                CAST(DATE_FROM_PARTS(
                  CAST(FLOOR((
                    "t24"."p" + 1
                  ) / (
                    12
                  )) AS BIGINT) + 1970,
                  (
                    (
                      "t24"."p" + 1
                    ) - (
                      CAST(FLOOR((
                        "t24"."p" + 1
                      ) / (
                        12
                      )) AS BIGINT) * 12
                    )
                  ) + 1,
                  1
                ) AS TIMESTAMP)
              )
            )
          ) - 1 AS "m"
        FROM (
          SELECT
            "t23"."p",
            COALESCE(
              TRUE
              AND (
                (
                  "t23"."p" >= "t20"."lo0"
                ) AND (
                  "t23"."p" <= "t20"."hi0"
                )
              ),
              FALSE
            ) AS "covered"
          FROM (
            SELECT
              CAST(NULLIF(IFF(_u.pos = _u_2.pos_2, _u_2."p", NULL), '') AS BIGINT) AS "p"
            FROM (
              SELECT
                MIN("t18"."lo") AS "lo",
                MAX("t18"."hi") AS "hi"
              FROM "t17" AS "t18"
            ) AS "t21"
            CROSS JOIN TABLE(FLATTEN(INPUT => ARRAY_GENERATE_RANGE(
              0,
              (
                GREATEST(
                  ARRAY_SIZE(
                    SPLIT(
                      ARRAY_TO_STRING(
                        NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t21"."lo", "t21"."hi" + 1, 1), []), []),
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
                NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t21"."lo", "t21"."hi" + 1, 1), []), []),
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
                        NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t21"."lo", "t21"."hi" + 1, 1), []), []),
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
                        NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t21"."lo", "t21"."hi" + 1, 1), []), []),
                        'xlkpi_separator_1'
                      ),
                      'xlkpi_separator_1'
                    )
                  ) - 1
                )
              )
          ) AS "t23"
          CROSS JOIN (
            SELECT
              "t18"."lo" AS "lo0",
              "t18"."hi" AS "hi0"
            FROM "t17" AS "t18"
          ) AS "t20"
        ) AS "t24"
      ) AS "t26"
      CROSS JOIN (
        SELECT
          MIN(
            (
              (
                (
                  DATE_PART(year, "t1"."month") - 1970
                ) * 12
              ) + DATE_PART(month, "t1"."month")
            ) - 1
          ) AS "lo",
          MAX(
            (
              (
                (
                  DATE_PART(year, "t1"."month") - 1970
                ) * 12
              ) + DATE_PART(month, "t1"."month")
            ) - 1
          ) AS "hi"
        FROM (
          SELECT
            DATE_TRUNC('MONTH', "t0"."month") AS "month",
            "t0"."customer_id",
            "t0"."mrr"
          FROM "subscriptions" AS "t0"
          WHERE
            DATE_TRUNC('MONTH', "t0"."month") IS NOT NULL AND "t0"."customer_id" IS NOT NULL
        ) AS "t1"
      ) AS "t7"
      LEFT OUTER JOIN (
        SELECT
          "t13"."m" AS "m_total",
          "t13"."total"
        FROM (
          SELECT
            "t10"."m",
            SUM("t10"."mrr") AS "total"
          FROM (
            SELECT
              *
            FROM (
              SELECT
                "t4"."m",
                "t4"."customer_id",
                SUM("t4"."mrr") AS "mrr"
              FROM (
                SELECT
                  DATE_TRUNC('MONTH', "t0"."month") AS "month",
                  "t0"."customer_id",
                  COALESCE("t0"."mrr", 0) AS "mrr",
                  (
                    (
                      (
                        DATE_PART(year, DATE_TRUNC('MONTH', "t0"."month")) - 1970
                      ) * 12
                    ) + DATE_PART(month, DATE_TRUNC('MONTH', "t0"."month"))
                  ) - 1 AS "m"
                FROM "subscriptions" AS "t0"
                WHERE
                  DATE_TRUNC('MONTH', "t0"."month") IS NOT NULL AND "t0"."customer_id" IS NOT NULL
              ) AS "t4"
              GROUP BY
                1,
                2
            ) AS "t5"
            WHERE
              "t5"."mrr" > 0
          ) AS "t10"
          GROUP BY
            1
        ) AS "t13"
      ) AS "t16"
        ON "t26"."m" = "t16"."m_total"
    ) AS "t27"
  ) AS "t29"
    ON "t23"."p" = "t29"."p_fact"
) AS "t30"
ORDER BY
  "t30"."p" ASC;
