-- xlkpi clv: Customer lifetime value, per month, options: defaults; snowflake SQL
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
), "t12" AS (
  SELECT
    "t11"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t11"."p" >= "t7"."lo0"
        ) AND (
          "t11"."p" <= "t7"."hi0"
        )
      ),
      FALSE
    ) AS "covered"
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
  ) AS "t11"
  CROSS JOIN (
    SELECT
      "t4"."lo" AS "lo0",
      "t4"."hi" AS "hi0"
    FROM "t3" AS "t4"
  ) AS "t7"
)
SELECT
  "t22"."p" AS "period",
  '' AS "segment",
  IFF("t22"."covered", "t22"."value", CAST(NULL AS DOUBLE)) AS "value"
FROM (
  SELECT
    "t15"."p",
    "t15"."covered",
    "t21"."value"
  FROM (
    SELECT
      *
    FROM "t12" AS "t13"
  ) AS "t15"
  LEFT OUTER JOIN (
    SELECT
      "t19"."p" AS "p_fact",
      IFF(
        "t19"."blank" > 0,
        CAST(NULL AS DOUBLE),
        "t19"."revenue" / NULLIF(CAST("t19"."n" AS DOUBLE), 0)
      ) * (
        CAST("t19"."n" AS DOUBLE) / NULLIF(CAST("t19"."buyers" AS DOUBLE), 0)
      ) * 3.0 AS "value"
    FROM (
      SELECT
        "t18"."p",
        SUM("t18"."n") AS "n",
        SUM("t18"."revenue") AS "revenue",
        SUM("t18"."blank") AS "blank",
        COUNT(DISTINCT "t18"."customer_id") AS "buyers"
      FROM (
        SELECT
          "t17"."p",
          "t17"."covered",
          "t17"."hi",
          "t17"."lo",
          "t9"."customer_id",
          "t9"."key",
          "t9"."n",
          "t9"."revenue",
          "t9"."blank"
        FROM (
          SELECT
            "t13"."p",
            "t13"."covered",
            (
              (
                (
                  DATE_PART(
                    year,
                    DATE_FROM_PARTS(
                      CAST(FLOOR((
                        "t13"."p" + 1
                      ) / (
                        12
                      )) AS BIGINT) + 1970,
                      (
                        (
                          "t13"."p" + 1
                        ) - (
                          CAST(FLOOR((
                            "t13"."p" + 1
                          ) / (
                            12
                          )) AS BIGINT) * 12
                        )
                      ) + 1,
                      1
                    )
                  ) - 1970
                ) * 12
              ) + DATE_PART(
                month,
                DATE_FROM_PARTS(
                  CAST(FLOOR((
                    "t13"."p" + 1
                  ) / (
                    12
                  )) AS BIGINT) + 1970,
                  (
                    (
                      "t13"."p" + 1
                    ) - (
                      CAST(FLOOR((
                        "t13"."p" + 1
                      ) / (
                        12
                      )) AS BIGINT) * 12
                    )
                  ) + 1,
                  1
                )
              )
            ) - 1 AS "hi",
            (
              (
                (
                  (
                    DATE_PART(
                      year,
                      DATE_FROM_PARTS(
                        CAST(FLOOR((
                          "t13"."p" + 1
                        ) / (
                          12
                        )) AS BIGINT) + 1970,
                        (
                          (
                            "t13"."p" + 1
                          ) - (
                            CAST(FLOOR((
                              "t13"."p" + 1
                            ) / (
                              12
                            )) AS BIGINT) * 12
                          )
                        ) + 1,
                        1
                      )
                    ) - 1970
                  ) * 12
                ) + DATE_PART(
                  month,
                  DATE_FROM_PARTS(
                    CAST(FLOOR((
                      "t13"."p" + 1
                    ) / (
                      12
                    )) AS BIGINT) + 1970,
                    (
                      (
                        "t13"."p" + 1
                      ) - (
                        CAST(FLOOR((
                          "t13"."p" + 1
                        ) / (
                          12
                        )) AS BIGINT) * 12
                      )
                    ) + 1,
                    1
                  )
                )
              ) - 1
            ) - 12 AS "lo"
          FROM "t12" AS "t13"
        ) AS "t17"
        INNER JOIN (
          SELECT
            "t2"."customer_id",
            "t2"."key",
            COUNT(*) AS "n",
            SUM("t2"."revenue") AS "revenue",
            SUM(IFF(COALESCE("t2"."revenue" IS NULL, FALSE), 1, 0)) AS "blank"
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
              (
                (
                  (
                    DATE_PART(year, "t0"."order_date") - 1970
                  ) * 12
                ) + DATE_PART(month, "t0"."order_date")
              ) - 1 AS "key"
            FROM "orders" AS "t0"
            WHERE
              "t0"."order_date" IS NOT NULL
              AND (
                (
                  IFF(
                    LOWER(TRIM("t0"."status", ' \t\n\r\f')) = '',
                    CAST(NULL AS VARCHAR),
                    LOWER(TRIM("t0"."status", ' \t\n\r\f'))
                  ) IS NULL
                )
                OR (
                  IFF(
                    LOWER(TRIM("t0"."status", ' \t\n\r\f')) = '',
                    CAST(NULL AS VARCHAR),
                    LOWER(TRIM("t0"."status", ' \t\n\r\f'))
                  ) = 'paid'
                )
              )
              AND "t0"."customer_id" IS NOT NULL
          ) AS "t2"
          GROUP BY
            1,
            2
        ) AS "t9"
          ON "t9"."key" >= "t17"."lo" AND "t9"."key" < "t17"."hi"
      ) AS "t18"
      GROUP BY
        1
    ) AS "t19"
  ) AS "t21"
    ON "t15"."p" = "t21"."p_fact"
) AS "t22"
ORDER BY
  "t22"."p" ASC;
