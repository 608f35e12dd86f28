-- xlkpi churn_rate: Customer churn rate, per month, options: defaults; snowflake SQL
WITH "t1" AS (
  SELECT
    *
  FROM "customers" AS "t0"
  WHERE
    "t0"."acquired_date" IS NOT NULL
), "t3" AS (
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
    ) - 1 AS "a",
    IFF(
      (
        (
          (
            (
              (
                DATE_PART(year, "t0"."churned_date") - 1970
              ) * 12
            ) + DATE_PART(month, "t0"."churned_date")
          ) - 1
        ) IS NOT NULL
      )
      AND (
        (
          (
            (
              (
                DATE_PART(year, "t0"."acquired_date") - 1970
              ) * 12
            ) + DATE_PART(month, "t0"."acquired_date")
          ) - 1
        ) < (
          (
            (
              (
                DATE_PART(year, "t0"."churned_date") - 1970
              ) * 12
            ) + DATE_PART(month, "t0"."churned_date")
          ) - 1
        )
      ),
      (
        (
          (
            DATE_PART(year, "t0"."churned_date") - 1970
          ) * 12
        ) + DATE_PART(month, "t0"."churned_date")
      ) - 1,
      CAST(NULL AS BIGINT)
    ) AS "c",
    IFF(
      (
        (
          (
            (
              DATE_PART(year, "t0"."churned_date") - 1970
            ) * 12
          ) + DATE_PART(month, "t0"."churned_date")
        ) - 1
      ) IS NOT NULL,
      GREATEST(
        (
          (
            (
              DATE_PART(year, "t0"."acquired_date") - 1970
            ) * 12
          ) + DATE_PART(month, "t0"."acquired_date")
        ) - 1,
        (
          (
            (
              DATE_PART(year, "t0"."churned_date") - 1970
            ) * 12
          ) + DATE_PART(month, "t0"."churned_date")
        ) - 1
      ),
      CAST(NULL AS BIGINT)
    ) AS "g"
  FROM "customers" AS "t0"
  WHERE
    "t0"."acquired_date" IS NOT NULL
), "t12" AS (
  SELECT
    MIN("t7"."lo") AS "lo",
    MAX("t7"."hi") AS "hi"
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
    ) AS "t5"
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
    ) AS "t6"
  ) AS "t7"
)
SELECT
  "t27"."p" AS "period",
  '' AS "segment",
  IFF(
    "t27"."covered",
    IFF(
      "t27"."lost" > (
        (
          "t27"."acq_end" - "t27"."new"
        ) - (
          "t27"."left_end" - "t27"."left"
        )
      ),
      CAST(NULL AS DOUBLE),
      CAST("t27"."lost" AS DOUBLE) / NULLIF(
        CAST((
          "t27"."acq_end" - "t27"."new"
        ) - (
          "t27"."left_end" - "t27"."left"
        ) AS DOUBLE),
        0
      )
    ),
    CAST(NULL AS DOUBLE)
  ) AS "value"
FROM (
  SELECT
    "t26"."p",
    "t26"."covered",
    "t26"."new",
    "t26"."lost",
    "t26"."left",
    SUM("t26"."new") OVER (ORDER BY "t26"."p" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "acq_end",
    SUM("t26"."left") OVER (ORDER BY "t26"."p" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "left_end"
  FROM (
    SELECT
      "t25"."p",
      COALESCE(
        TRUE
        AND (
          (
            "t25"."p" >= "t22"."lo0"
          ) AND (
            "t25"."p" <= "t22"."hi0"
          )
        ),
        FALSE
      ) AS "covered",
      COALESCE("t13"."new", 0) AS "new",
      COALESCE("t20"."lost", 0) AS "lost",
      COALESCE("t21"."left", 0) AS "left"
    FROM (
      SELECT
        CAST(NULLIF(IFF(_u.pos = _u_2.pos_2, _u_2."p", NULL), '') AS BIGINT) AS "p"
      FROM (
        SELECT
          MIN("t16"."lo") AS "lo",
          MAX("t16"."hi") AS "hi"
        FROM "t12" AS "t16"
      ) AS "t23"
      CROSS JOIN TABLE(FLATTEN(INPUT => ARRAY_GENERATE_RANGE(
        0,
        (
          GREATEST(
            ARRAY_SIZE(
              SPLIT(
                ARRAY_TO_STRING(
                  NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t23"."lo", "t23"."hi" + 1, 1), []), []),
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
          NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t23"."lo", "t23"."hi" + 1, 1), []), []),
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
                  NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t23"."lo", "t23"."hi" + 1, 1), []), []),
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
                  NULLIF(IFF(1 <> 0, ARRAY_GENERATE_RANGE("t23"."lo", "t23"."hi" + 1, 1), []), []),
                  'xlkpi_separator_1'
                ),
                'xlkpi_separator_1'
              )
            ) - 1
          )
        )
    ) AS "t25"
    CROSS JOIN (
      SELECT
        "t16"."lo" AS "lo0",
        "t16"."hi" AS "hi0"
      FROM "t12" AS "t16"
    ) AS "t22"
    LEFT OUTER JOIN (
      SELECT
        "t8"."p" AS "p_fact",
        "t8"."new"
      FROM (
        SELECT
          "t4"."a" AS "p",
          COUNT(*) AS "new"
        FROM "t3" AS "t4"
        GROUP BY
          1
      ) AS "t8"
    ) AS "t13"
      ON "t25"."p" = "t13"."p_fact"
    LEFT OUTER JOIN (
      SELECT
        "t14"."p" AS "p_fact",
        "t14"."lost"
      FROM (
        SELECT
          "t9"."c" AS "p",
          COUNT(*) AS "lost"
        FROM (
          SELECT
            *
          FROM "t3" AS "t4"
          WHERE
            "t4"."c" IS NOT NULL
        ) AS "t9"
        GROUP BY
          1
      ) AS "t14"
    ) AS "t20"
      ON "t25"."p" = "t20"."p_fact"
    LEFT OUTER JOIN (
      SELECT
        "t15"."p" AS "p_fact",
        "t15"."left"
      FROM (
        SELECT
          "t10"."g" AS "p",
          COUNT(*) AS "left"
        FROM (
          SELECT
            *
          FROM "t3" AS "t4"
          WHERE
            "t4"."g" IS NOT NULL
        ) AS "t10"
        GROUP BY
          1
      ) AS "t15"
    ) AS "t21"
      ON "t25"."p" = "t21"."p_fact"
  ) AS "t26"
) AS "t27"
ORDER BY
  "t27"."p" ASC;
