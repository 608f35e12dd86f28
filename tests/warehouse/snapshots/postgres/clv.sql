-- xlkpi clv: Customer lifetime value, per month, options: defaults; postgres SQL
WITH "t2" AS (
  SELECT
    (
      (
        (
          EXTRACT(year FROM MIN("t1"."order_date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MIN("t1"."order_date"))
    ) - 1 AS "lo",
    (
      (
        (
          EXTRACT(year FROM MAX("t1"."order_date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MAX("t1"."order_date"))
    ) - 1 AS "hi"
  FROM (
    SELECT
      *
    FROM "orders" AS "t0"
    WHERE
      "t0"."order_date" IS NOT NULL
  ) AS "t1"
), "t9" AS (
  SELECT
    "t8"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t8"."p" >= "t5"."lo0"
        ) AND (
          "t8"."p" <= "t5"."hi0"
        )
      ),
      FALSE
    ) AS "covered"
  FROM (
    SELECT
      UNNEST(
        CASE
          WHEN NULLIF(1, 0) IS NOT NULL AND SIGN(1) = SIGN((
            "t6"."hi" + 1
          ) - "t6"."lo")
          THEN ARRAY_REMOVE(ARRAY(SELECT
            *
          FROM GENERATE_SERIES("t6"."lo", "t6"."hi" + 1, 1)), "t6"."hi" + 1)
          ELSE CAST(ARRAY[] AS BIGINT[])
        END
      ) AS "p"
    FROM (
      SELECT
        MIN("t3"."lo") AS "lo",
        MAX("t3"."hi") AS "hi"
      FROM "t2" AS "t3"
    ) AS "t6"
  ) AS "t8"
  CROSS JOIN (
    SELECT
      "t3"."lo" AS "lo0",
      "t3"."hi" AS "hi0"
    FROM "t2" AS "t3"
  ) AS "t5"
), "t17" AS (
  SELECT
    "t16"."customer_id",
    "t16"."key",
    "t16"."n",
    "t16"."revenue",
    "t16"."blank",
    ROW_NUMBER() OVER (
      PARTITION BY "t16"."customer_id"
      ORDER BY "t16"."key" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "rank",
    LAG("t16"."key") OVER (
      PARTITION BY "t16"."customer_id"
      ORDER BY "t16"."key" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "prev"
  FROM (
    SELECT
      "t10"."customer_id",
      "t10"."key",
      COUNT(*) AS "n",
      SUM("t10"."revenue") AS "revenue",
      SUM(CASE WHEN COALESCE("t10"."revenue" IS NULL, FALSE) THEN 1 ELSE 0 END) AS "blank"
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
              EXTRACT(year FROM "t0"."order_date") - 1970
            ) * 12
          ) + EXTRACT(month FROM "t0"."order_date")
        ) - 1 AS "p",
        (
          (
            (
              EXTRACT(year FROM "t0"."order_date") - 1970
            ) * 12
          ) + EXTRACT(month FROM "t0"."order_date")
        ) - 1 AS "key"
      FROM "orders" AS "t0"
      WHERE
        "t0"."order_date" IS NOT NULL
        AND (
          (
            CASE
              WHEN REGEXP_REPLACE(
                "t0"."status",
                '^[	
                  　]+|[	
                  　]+$',
                '',
                'g'
              ) ~ '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
              THEN REPLACE(
                REPLACE(
                  REPLACE(
                    REPLACE(
                      REPLACE(
                        REPLACE(
                          REPLACE(
                            REPLACE(
                              REPLACE(
                                REPLACE(
                                  REPLACE(
                                    REPLACE(
                                      REPLACE(
                                        REPLACE(
                                          REPLACE(
                                            REPLACE(
                                              TRANSLATE(
                                                LOWER(
                                                  REPLACE(
                                                    REGEXP_REPLACE(
                                                      "t0"."status",
                                                      '^[	
                  　]+|[	
                  　]+$',
                                                      '',
                                                      'g'
                                                    ),
                                                    'İ',
                                                    'i̇'
                                                  ) COLLATE "und-x-icu"
                                                ),
                                                'µſͅςϐϑϕϖϰϱϵᲀᲁᲂᲃᲄᲅᲆᲇᲈẛι',
                                                'μsισβθφπκρεвдосттъѣꙋṡι'
                                              ),
                                              'ß',
                                              'ss'
                                            ),
                                            'ŉ',
                                            'ʼn'
                                          ),
                                          'և',
                                          'եւ'
                                        ),
                                        'ẚ',
                                        'aʾ'
                                      ),
                                      'ﬀ',
                                      'ff'
                                    ),
                                    'ﬁ',
                                    'fi'
                                  ),
                                  'ﬂ',
                                  'fl'
                                ),
                                'ﬃ',
                                'ffi'
                              ),
                              'ﬄ',
                              'ffl'
                            ),
                            'ﬅ',
                            'st'
                          ),
                          'ﬆ',
                          'st'
                        ),
                        'ﬓ',
                        'մն'
                      ),
                      'ﬔ',
                      'մե'
                    ),
                    'ﬕ',
                    'մի'
                  ),
                  'ﬖ',
                  'վն'
                ),
                'ﬗ',
                'մխ'
              )
              ELSE LOWER(
                REGEXP_REPLACE(
                  "t0"."status",
                  '^[	
                  　]+|[	
                  　]+$',
                  '',
                  'g'
                ) COLLATE "und-x-icu"
              )
            END IS NULL
          )
          OR CASE
            WHEN REGEXP_REPLACE(
              "t0"."status",
              '^[	
                  　]+|[	
                  　]+$',
              '',
              'g'
            ) ~ '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
            THEN REPLACE(
              REPLACE(
                REPLACE(
                  REPLACE(
                    REPLACE(
                      REPLACE(
                        REPLACE(
                          REPLACE(
                            REPLACE(
                              REPLACE(
                                REPLACE(
                                  REPLACE(
                                    REPLACE(
                                      REPLACE(
                                        REPLACE(
                                          REPLACE(
                                            TRANSLATE(
                                              LOWER(
                                                REPLACE(
                                                  REGEXP_REPLACE(
                                                    "t0"."status",
                                                    '^[	
                  　]+|[	
                  　]+$',
                                                    '',
                                                    'g'
                                                  ),
                                                  'İ',
                                                  'i̇'
                                                ) COLLATE "und-x-icu"
                                              ),
                                              'µſͅςϐϑϕϖϰϱϵᲀᲁᲂᲃᲄᲅᲆᲇᲈẛι',
                                              'μsισβθφπκρεвдосттъѣꙋṡι'
                                            ),
                                            'ß',
                                            'ss'
                                          ),
                                          'ŉ',
                                          'ʼn'
                                        ),
                                        'և',
                                        'եւ'
                                      ),
                                      'ẚ',
                                      'aʾ'
                                    ),
                                    'ﬀ',
                                    'ff'
                                  ),
                                  'ﬁ',
                                  'fi'
                                ),
                                'ﬂ',
                                'fl'
                              ),
                              'ﬃ',
                              'ffi'
                            ),
                            'ﬄ',
                            'ffl'
                          ),
                          'ﬅ',
                          'st'
                        ),
                        'ﬆ',
                        'st'
                      ),
                      'ﬓ',
                      'մն'
                    ),
                    'ﬔ',
                    'մե'
                  ),
                  'ﬕ',
                  'մի'
                ),
                'ﬖ',
                'վն'
              ),
              'ﬗ',
              'մխ'
            )
            ELSE LOWER(
              REGEXP_REPLACE(
                "t0"."status",
                '^[	
                  　]+|[	
                  　]+$',
                '',
                'g'
              ) COLLATE "und-x-icu"
            )
          END IN ('', 'paid')
        )
        AND "t0"."customer_id" IS NOT NULL
    ) AS "t10"
    GROUP BY
      1,
      2
  ) AS "t16"
), "t24" AS (
  SELECT
    "t22"."p",
    "t22"."lo",
    "t22"."hi",
    "t23"."key",
    "t23"."n",
    "t23"."revenue",
    "t23"."blank"
  FROM (
    SELECT
      "t11"."p",
      (
        (
          (
            (
              EXTRACT(year FROM MAKE_DATE(
                CAST(CAST(FLOOR(CAST((
                  "t11"."p" + 1
                ) AS DOUBLE PRECISION) / (
                  12
                )) AS BIGINT) + 1970 AS INT),
                CAST((
                  (
                    "t11"."p" + 1
                  ) - (
                    CAST(FLOOR(CAST((
                      "t11"."p" + 1
                    ) AS DOUBLE PRECISION) / (
                      12
                    )) AS BIGINT) * 12
                  )
                ) + 1 AS INT),
                CAST(1 AS INT)
              )) - 1970
            ) * 12
          ) + EXTRACT(month FROM MAKE_DATE(
            CAST(CAST(FLOOR(CAST((
              "t11"."p" + 1
            ) AS DOUBLE PRECISION) / (
              12
            )) AS BIGINT) + 1970 AS INT),
            CAST((
              (
                "t11"."p" + 1
              ) - (
                CAST(FLOOR(CAST((
                  "t11"."p" + 1
                ) AS DOUBLE PRECISION) / (
                  12
                )) AS BIGINT) * 12
              )
            ) + 1 AS INT),
            CAST(1 AS INT)
          ))
        ) - 1
      ) - 12 AS "lo",
      (
        (
          (
            EXTRACT(year FROM MAKE_DATE(
              CAST(CAST(FLOOR(CAST((
                "t11"."p" + 1
              ) AS DOUBLE PRECISION) / (
                12
              )) AS BIGINT) + 1970 AS INT),
              CAST((
                (
                  "t11"."p" + 1
                ) - (
                  CAST(FLOOR(CAST((
                    "t11"."p" + 1
                  ) AS DOUBLE PRECISION) / (
                    12
                  )) AS BIGINT) * 12
                )
              ) + 1 AS INT),
              CAST(1 AS INT)
            )) - 1970
          ) * 12
        ) + EXTRACT(month FROM MAKE_DATE(
          CAST(CAST(FLOOR(CAST((
            "t11"."p" + 1
          ) AS DOUBLE PRECISION) / (
            12
          )) AS BIGINT) + 1970 AS INT),
          CAST((
            (
              "t11"."p" + 1
            ) - (
              CAST(FLOOR(CAST((
                "t11"."p" + 1
              ) AS DOUBLE PRECISION) / (
                12
              )) AS BIGINT) * 12
            )
          ) + 1 AS INT),
          CAST(1 AS INT)
        ))
      ) - 1 AS "hi"
    FROM "t9" AS "t11"
  ) AS "t22"
  INNER JOIN (
    SELECT
      "t18"."key",
      SUM("t18"."n") AS "n",
      SUM("t18"."revenue") AS "revenue",
      SUM("t18"."blank") AS "blank"
    FROM "t17" AS "t18"
    GROUP BY
      1
  ) AS "t23"
    ON "t23"."key" >= "t22"."lo" AND "t23"."key" < "t22"."hi"
), "t26" AS (
  SELECT
    "t25"."key",
    MIN("t25"."p") AS "first",
    MAX("t25"."p") AS "last"
  FROM "t24" AS "t25"
  GROUP BY
    1
), "t35" AS (
  SELECT
    *
  FROM (
    SELECT
      "t33"."customer_id",
      "t33"."key",
      "t33"."prev",
      "t33"."first",
      "t33"."last",
      "t33"."prev_right",
      "t33"."before",
      CASE
        WHEN (
          "t33"."before" IS NULL
        ) OR (
          "t33"."before" < "t33"."first"
        )
        THEN "t33"."first"
        ELSE "t33"."before" + 1
      END AS "start"
    FROM (
      SELECT
        "t19"."customer_id",
        "t19"."key",
        "t19"."prev",
        "t30"."first",
        "t30"."last",
        "t32"."prev" AS "prev_right",
        "t32"."before"
      FROM "t17" AS "t19"
      INNER JOIN "t26" AS "t30"
        ON "t19"."key" = "t30"."key"
      LEFT OUTER JOIN (
        SELECT
          "t28"."key" AS "prev",
          "t28"."last" AS "before"
        FROM "t26" AS "t28"
      ) AS "t32"
        ON "t19"."prev" = "t32"."prev"
    ) AS "t33"
  ) AS "t34"
  WHERE
    "t34"."start" <= "t34"."last"
)
SELECT
  "t49"."p" AS "period",
  '' AS "segment",
  CASE WHEN "t49"."covered" THEN "t49"."value" ELSE CAST(NULL AS DOUBLE PRECISION) END AS "value"
FROM (
  SELECT
    "t15"."p",
    "t15"."covered",
    "t48"."value"
  FROM (
    SELECT
      *
    FROM "t9" AS "t11"
  ) AS "t15"
  LEFT OUTER JOIN (
    SELECT
      "t46"."p" AS "p_fact",
      "t46"."value"
    FROM (
      SELECT
        "t29"."p",
        CASE
          WHEN "t29"."blank" > 0
          THEN CAST(NULL AS DOUBLE PRECISION)
          ELSE CAST("t29"."revenue" AS DOUBLE PRECISION) / NULLIF(CAST("t29"."n" AS DOUBLE PRECISION), 0)
        END * (
          CAST("t29"."n" AS DOUBLE PRECISION) / NULLIF(CAST("t45"."buyers" AS DOUBLE PRECISION), 0)
        ) * 3.0 AS "value"
      FROM (
        SELECT
          "t25"."p",
          SUM("t25"."n") AS "n",
          SUM("t25"."revenue") AS "revenue",
          SUM("t25"."blank") AS "blank"
        FROM "t24" AS "t25"
        GROUP BY
          1
      ) AS "t29"
      INNER JOIN (
        SELECT
          "t43"."p",
          SUM("t43"."d") OVER (ORDER BY "t43"."p" ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS "buyers"
        FROM (
          SELECT
            "t14"."p",
            COALESCE("t42"."d", 0) AS "d"
          FROM (
            SELECT
              "t11"."p"
            FROM "t9" AS "t11"
          ) AS "t14"
          LEFT OUTER JOIN (
            SELECT
              "t40"."p" AS "p_fact",
              "t40"."d"
            FROM (
              SELECT
                "t39"."p",
                SUM("t39"."d") AS "d"
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    "t36"."start" AS "p",
                    COUNT(*) AS "d"
                  FROM "t35" AS "t36"
                  GROUP BY
                    1
                ) AS "t37"
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    "t36"."last" + 1 AS "p",
                    -(
                      COUNT(*)
                    ) AS "d"
                  FROM "t35" AS "t36"
                  GROUP BY
                    1
                ) AS "t38"
              ) AS "t39"
              GROUP BY
                1
            ) AS "t40"
          ) AS "t42"
            ON "t14"."p" = "t42"."p_fact"
        ) AS "t43"
      ) AS "t45"
        ON "t29"."p" = "t45"."p"
    ) AS "t46"
  ) AS "t48"
    ON "t15"."p" = "t48"."p_fact"
) AS "t49"
ORDER BY
  "t49"."p" ASC;
