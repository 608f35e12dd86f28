-- xlkpi detractors_share: Detractors, per month, options: defaults; snowflake SQL
WITH "t3" AS (
  SELECT
    (
      (
        (
          DATE_PART(year, MIN("t1"."response_date")) - 1970
        ) * 12
      ) + DATE_PART(month, MIN("t1"."response_date"))
    ) - 1 AS "lo",
    (
      (
        (
          DATE_PART(year, MAX("t1"."response_date")) - 1970
        ) * 12
      ) + DATE_PART(month, MAX("t1"."response_date"))
    ) - 1 AS "hi"
  FROM (
    SELECT
      *
    FROM "nps" AS "t0"
    WHERE
      "t0"."response_date" IS NOT NULL
  ) AS "t1"
)
SELECT
  "t13"."p" AS "period",
  '' AS "segment",
  IFF(
    "t13"."covered",
    CAST("t13"."detractors" AS DOUBLE) / NULLIF(CAST("t13"."responses" AS DOUBLE), 0),
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
    COALESCE("t10"."promoters", 0) AS "promoters",
    COALESCE("t10"."passives", 0) AS "passives",
    COALESCE("t10"."detractors", 0) AS "detractors",
    COALESCE("t10"."responses", 0) AS "responses"
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
      "t5"."p" AS "p_fact",
      "t5"."promoters",
      "t5"."passives",
      "t5"."detractors",
      "t5"."responses"
    FROM (
      SELECT
        "t2"."p",
        SUM("t2"."promoters") AS "promoters",
        SUM("t2"."passives") AS "passives",
        SUM("t2"."detractors") AS "detractors",
        SUM("t2"."responses") AS "responses"
      FROM (
        SELECT
          "t0"."response_date",
          "t0"."score",
          "t0"."customer_id",
          "t0"."segment",
          (
            (
              (
                DATE_PART(year, "t0"."response_date") - 1970
              ) * 12
            ) + DATE_PART(month, "t0"."response_date")
          ) - 1 AS "p",
          IFF(
            COALESCE(
              (
                "t0"."score" IS NOT NULL
              )
              AND (
                "t0"."score" >= 0
              )
              AND (
                "t0"."score" <= 10
              )
              AND (
                "t0"."score" = CAST(ROUND("t0"."score", 0) AS BIGINT)
              )
              AND (
                "t0"."score" >= 9
              ),
              FALSE
            ),
            1,
            0
          ) AS "promoters",
          IFF(
            COALESCE(
              (
                "t0"."score" IS NOT NULL
              )
              AND (
                "t0"."score" >= 0
              )
              AND (
                "t0"."score" <= 10
              )
              AND (
                "t0"."score" = CAST(ROUND("t0"."score", 0) AS BIGINT)
              )
              AND (
                "t0"."score" >= 7
              )
              AND (
                "t0"."score" < 9
              ),
              FALSE
            ),
            1,
            0
          ) AS "passives",
          IFF(
            COALESCE(
              (
                "t0"."score" IS NOT NULL
              )
              AND (
                "t0"."score" >= 0
              )
              AND (
                "t0"."score" <= 10
              )
              AND (
                "t0"."score" = CAST(ROUND("t0"."score", 0) AS BIGINT)
              )
              AND (
                "t0"."score" < 7
              ),
              FALSE
            ),
            1,
            0
          ) AS "detractors",
          IFF(
            COALESCE(
              (
                "t0"."score" IS NOT NULL
              )
              AND (
                "t0"."score" >= 0
              )
              AND (
                "t0"."score" <= 10
              )
              AND (
                "t0"."score" = CAST(ROUND("t0"."score", 0) AS BIGINT)
              ),
              FALSE
            ),
            1,
            0
          ) AS "responses"
        FROM "nps" AS "t0"
        WHERE
          "t0"."response_date" IS NOT NULL
      ) AS "t2"
      GROUP BY
        1
    ) AS "t5"
  ) AS "t10"
    ON "t12"."p" = "t10"."p_fact"
) AS "t13"
ORDER BY
  "t13"."p" ASC;
