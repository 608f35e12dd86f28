-- xlkpi nps: Net Promoter Score, per month, options: defaults; postgres SQL
WITH "t6" AS (
  SELECT
    (
      (
        (
          EXTRACT(year FROM MIN("t1"."response_date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MIN("t1"."response_date"))
    ) - 1 AS "lo",
    (
      (
        (
          EXTRACT(year FROM MAX("t1"."response_date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MAX("t1"."response_date"))
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
  "t23"."p" AS "period",
  "t23"."segment",
  CASE
    WHEN "t23"."covered"
    THEN (
      CAST("t23"."promoters" - "t23"."detractors" AS DOUBLE PRECISION) / NULLIF(CAST("t23"."responses" AS DOUBLE PRECISION), 0)
    ) * 100.0
    ELSE CAST(NULL AS DOUBLE PRECISION)
  END AS "value"
FROM (
  SELECT
    *
  FROM (
    SELECT
      "t19"."p",
      "t19"."covered",
      "t19"."promoters",
      "t19"."passives",
      "t19"."detractors",
      "t19"."responses",
      '' AS "segment"
    FROM (
      SELECT
        "t18"."p",
        COALESCE(
          TRUE
          AND (
            (
              "t18"."p" >= "t11"."lo0"
            ) AND (
              "t18"."p" <= "t11"."hi0"
            )
          ),
          FALSE
        ) AS "covered",
        COALESCE("t15"."promoters", 0) AS "promoters",
        COALESCE("t15"."passives", 0) AS "passives",
        COALESCE("t15"."detractors", 0) AS "detractors",
        COALESCE("t15"."responses", 0) AS "responses"
      FROM (
        SELECT
          UNNEST(
            CASE
              WHEN NULLIF(1, 0) IS NOT NULL AND SIGN(1) = SIGN((
                "t12"."hi" + 1
              ) - "t12"."lo")
              THEN ARRAY_REMOVE(
                ARRAY(SELECT
                  *
                FROM GENERATE_SERIES("t12"."lo", "t12"."hi" + 1, 1)),
                "t12"."hi" + 1
              )
              ELSE CAST(ARRAY[] AS BIGINT[])
            END
          ) AS "p"
        FROM (
          SELECT
            MIN("t7"."lo") AS "lo",
            MAX("t7"."hi") AS "hi"
          FROM "t6" AS "t7"
        ) AS "t12"
      ) AS "t18"
      CROSS JOIN (
        SELECT
          "t7"."lo" AS "lo0",
          "t7"."hi" AS "hi0"
        FROM "t6" AS "t7"
      ) AS "t11"
      LEFT OUTER JOIN (
        SELECT
          "t8"."p" AS "p_fact",
          "t8"."promoters",
          "t8"."passives",
          "t8"."detractors",
          "t8"."responses"
        FROM (
          SELECT
            "t4"."p",
            SUM("t4"."promoters") AS "promoters",
            SUM("t4"."passives") AS "passives",
            SUM("t4"."detractors") AS "detractors",
            SUM("t4"."responses") AS "responses"
          FROM (
            SELECT
              "t0"."response_date",
              "t0"."score",
              "t0"."customer_id",
              "t0"."segment",
              (
                (
                  (
                    EXTRACT(year FROM "t0"."response_date") - 1970
                  ) * 12
                ) + EXTRACT(month FROM "t0"."response_date")
              ) - 1 AS "p",
              CASE
                WHEN COALESCE(
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
                    "t0"."score" = CAST(ROUND("t0"."score") AS BIGINT)
                  )
                  AND (
                    "t0"."score" >= 9
                  ),
                  FALSE
                )
                THEN 1
                ELSE 0
              END AS "promoters",
              CASE
                WHEN COALESCE(
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
                    "t0"."score" = CAST(ROUND("t0"."score") AS BIGINT)
                  )
                  AND (
                    "t0"."score" >= 7
                  )
                  AND (
                    "t0"."score" < 9
                  ),
                  FALSE
                )
                THEN 1
                ELSE 0
              END AS "passives",
              CASE
                WHEN COALESCE(
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
                    "t0"."score" = CAST(ROUND("t0"."score") AS BIGINT)
                  )
                  AND (
                    "t0"."score" < 7
                  ),
                  FALSE
                )
                THEN 1
                ELSE 0
              END AS "detractors",
              CASE
                WHEN COALESCE(
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
                    "t0"."score" = CAST(ROUND("t0"."score") AS BIGINT)
                  ),
                  FALSE
                )
                THEN 1
                ELSE 0
              END AS "responses"
            FROM "nps" AS "t0"
            WHERE
              "t0"."response_date" IS NOT NULL
          ) AS "t4"
          GROUP BY
            1
        ) AS "t8"
      ) AS "t15"
        ON "t18"."p" = "t15"."p_fact"
    ) AS "t19"
  ) AS "t21"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t18"."p",
        COALESCE(
          TRUE
          AND (
            (
              "t18"."p" >= "t11"."lo0"
            ) AND (
              "t18"."p" <= "t11"."hi0"
            )
          ),
          FALSE
        ) AS "covered",
        COALESCE("t16"."promoters", 0) AS "promoters",
        COALESCE("t16"."passives", 0) AS "passives",
        COALESCE("t16"."detractors", 0) AS "detractors",
        COALESCE("t16"."responses", 0) AS "responses",
        "t3"."segment"
      FROM (
        SELECT
          UNNEST(
            CASE
              WHEN NULLIF(1, 0) IS NOT NULL AND SIGN(1) = SIGN((
                "t12"."hi" + 1
              ) - "t12"."lo")
              THEN ARRAY_REMOVE(
                ARRAY(SELECT
                  *
                FROM GENERATE_SERIES("t12"."lo", "t12"."hi" + 1, 1)),
                "t12"."hi" + 1
              )
              ELSE CAST(ARRAY[] AS BIGINT[])
            END
          ) AS "p"
        FROM (
          SELECT
            MIN("t7"."lo") AS "lo",
            MAX("t7"."hi") AS "hi"
          FROM "t6" AS "t7"
        ) AS "t12"
      ) AS "t18"
      CROSS JOIN (
        SELECT
          "t7"."lo" AS "lo0",
          "t7"."hi" AS "hi0"
        FROM "t6" AS "t7"
      ) AS "t11"
      CROSS JOIN (
        SELECT DISTINCT
          REGEXP_REPLACE(
            "t0"."segment",
            '^[	
                  　]+|[	
                  　]+$',
            '',
            'g'
          ) AS "segment"
        FROM "nps" AS "t0"
        WHERE
          "t0"."response_date" IS NOT NULL
          AND REGEXP_REPLACE(
            "t0"."segment",
            '^[	
                  　]+|[	
                  　]+$',
            '',
            'g'
          ) IS NOT NULL
          AND REGEXP_REPLACE(
            "t0"."segment",
            '^[	
                  　]+|[	
                  　]+$',
            '',
            'g'
          ) <> ''
      ) AS "t3"
      LEFT OUTER JOIN (
        SELECT
          "t9"."p" AS "p_seg",
          "t9"."segment" AS "segment_seg",
          "t9"."promoters",
          "t9"."passives",
          "t9"."detractors",
          "t9"."responses"
        FROM (
          SELECT
            "t5"."p",
            "t5"."segment",
            SUM("t5"."promoters") AS "promoters",
            SUM("t5"."passives") AS "passives",
            SUM("t5"."detractors") AS "detractors",
            SUM("t5"."responses") AS "responses"
          FROM (
            SELECT
              "t0"."response_date",
              "t0"."score",
              "t0"."customer_id",
              REGEXP_REPLACE(
                "t0"."segment",
                '^[	
                  　]+|[	
                  　]+$',
                '',
                'g'
              ) AS "segment",
              (
                (
                  (
                    EXTRACT(year FROM "t0"."response_date") - 1970
                  ) * 12
                ) + EXTRACT(month FROM "t0"."response_date")
              ) - 1 AS "p",
              CASE
                WHEN COALESCE(
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
                    "t0"."score" = CAST(ROUND("t0"."score") AS BIGINT)
                  )
                  AND (
                    "t0"."score" >= 9
                  ),
                  FALSE
                )
                THEN 1
                ELSE 0
              END AS "promoters",
              CASE
                WHEN COALESCE(
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
                    "t0"."score" = CAST(ROUND("t0"."score") AS BIGINT)
                  )
                  AND (
                    "t0"."score" >= 7
                  )
                  AND (
                    "t0"."score" < 9
                  ),
                  FALSE
                )
                THEN 1
                ELSE 0
              END AS "passives",
              CASE
                WHEN COALESCE(
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
                    "t0"."score" = CAST(ROUND("t0"."score") AS BIGINT)
                  )
                  AND (
                    "t0"."score" < 7
                  ),
                  FALSE
                )
                THEN 1
                ELSE 0
              END AS "detractors",
              CASE
                WHEN COALESCE(
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
                    "t0"."score" = CAST(ROUND("t0"."score") AS BIGINT)
                  ),
                  FALSE
                )
                THEN 1
                ELSE 0
              END AS "responses"
            FROM "nps" AS "t0"
            WHERE
              "t0"."response_date" IS NOT NULL
              AND REGEXP_REPLACE(
                "t0"."segment",
                '^[	
                  　]+|[	
                  　]+$',
                '',
                'g'
              ) IS NOT NULL
              AND REGEXP_REPLACE(
                "t0"."segment",
                '^[	
                  　]+|[	
                  　]+$',
                '',
                'g'
              ) <> ''
          ) AS "t5"
          GROUP BY
            1,
            2
        ) AS "t9"
      ) AS "t16"
        ON "t18"."p" = "t16"."p_seg" AND "t3"."segment" = "t16"."segment_seg"
    ) AS "t20"
  ) AS "t22"
) AS "t23"
ORDER BY
  "t23"."p" ASC,
  "t23"."segment" ASC;
