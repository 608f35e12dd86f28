-- xlkpi marketing_pct_of_cac: Marketing % of CAC, per month, options: defaults; duckdb SQL
WITH "t2" AS (
  SELECT
    (
      (
        (
          EXTRACT(year FROM MIN("t1"."date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MIN("t1"."date"))
    ) - 1 AS "lo",
    (
      (
        (
          EXTRACT(year FROM MAX("t1"."date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MAX("t1"."date"))
    ) - 1 AS "hi"
  FROM (
    SELECT
      *
    FROM "spend" AS "t0"
    WHERE
      "t0"."date" IS NOT NULL
  ) AS "t1"
)
SELECT
  "t14"."p" AS "period",
  '' AS "segment",
  CASE
    WHEN "t14"."covered"
    THEN "t14"."marketing" / NULLIF("t14"."marketing" + "t14"."sales", 0)
    ELSE CAST(NULL AS DOUBLE)
  END AS "value"
FROM (
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
    ) AS "covered",
    COALESCE("t13"."cac", 0) AS "cac",
    COALESCE("t13"."marketing", 0) AS "marketing",
    COALESCE("t13"."sales", 0) AS "sales",
    COALESCE("t13"."amount", 0) AS "amount",
    COALESCE("t13"."clicks", 0) AS "clicks",
    COALESCE("t13"."clicks_n", 0) AS "clicks_n",
    COALESCE("t13"."impressions", 0) AS "impressions",
    COALESCE("t13"."impressions_n", 0) AS "impressions_n"
  FROM (
    SELECT
      UNNEST(RANGE("t6"."lo", "t6"."hi" + 1, 1)) AS "p"
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
  LEFT OUTER JOIN (
    SELECT
      "t11"."p" AS "p_fact",
      "t11"."cac",
      "t11"."marketing",
      "t11"."sales",
      "t11"."amount",
      "t11"."clicks",
      "t11"."clicks_n",
      "t11"."impressions",
      "t11"."impressions_n"
    FROM (
      SELECT
        "t10"."p",
        SUM("t10"."cac") AS "cac",
        SUM("t10"."marketing") AS "marketing",
        SUM("t10"."sales") AS "sales",
        SUM("t10"."amount") AS "amount",
        SUM("t10"."clicks") AS "clicks",
        SUM("t10"."clicks_n") AS "clicks_n",
        SUM("t10"."impressions") AS "impressions",
        SUM("t10"."impressions_n") AS "impressions_n"
      FROM (
        SELECT
          "t9"."p",
          "t9"."channel",
          SUM("t9"."cac") AS "cac",
          SUM("t9"."marketing") AS "marketing",
          SUM("t9"."sales") AS "sales",
          SUM("t9"."amount") AS "amount",
          SUM("t9"."clicks") AS "clicks",
          SUM("t9"."clicks_n") AS "clicks_n",
          SUM("t9"."impressions") AS "impressions",
          SUM("t9"."impressions_n") AS "impressions_n"
        FROM (
          SELECT
            "t0"."date",
            CASE
              WHEN REGEXP_REPLACE(
                "t0"."channel",
                '^[	
                  　]+|[	
                  　]+$',
                '',
                'g'
              ) = ''
              THEN CAST(NULL AS TEXT)
              ELSE REGEXP_REPLACE(
                "t0"."channel",
                '^[	
                  　]+|[	
                  　]+$',
                '',
                'g'
              )
            END AS "channel",
            CASE
              WHEN COALESCE(
                CASE
                  WHEN REGEXP_MATCHES(
                    REGEXP_REPLACE(
                      "t0"."category",
                      '^[	
                  　]+|[	
                  　]+$',
                      '',
                      'g'
                    ),
                    '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
                  )
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
                                                          "t0"."category",
                                                          '^[	
                  　]+|[	
                  　]+$',
                                                          '',
                                                          'g'
                                                        ),
                                                        'İ',
                                                        'i̇'
                                                      )
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
                      "t0"."category",
                      '^[	
                  　]+|[	
                  　]+$',
                      '',
                      'g'
                    )
                  )
                END = 'marketing',
                FALSE
              )
              OR COALESCE(
                CASE
                  WHEN REGEXP_MATCHES(
                    REGEXP_REPLACE(
                      "t0"."category",
                      '^[	
                  　]+|[	
                  　]+$',
                      '',
                      'g'
                    ),
                    '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
                  )
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
                                                          "t0"."category",
                                                          '^[	
                  　]+|[	
                  　]+$',
                                                          '',
                                                          'g'
                                                        ),
                                                        'İ',
                                                        'i̇'
                                                      )
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
                      "t0"."category",
                      '^[	
                  　]+|[	
                  　]+$',
                      '',
                      'g'
                    )
                  )
                END = 'sales',
                FALSE
              )
              THEN COALESCE("t0"."amount", 0)
              ELSE 0.0
            END AS "cac",
            CASE
              WHEN COALESCE(
                CASE
                  WHEN REGEXP_MATCHES(
                    REGEXP_REPLACE(
                      "t0"."category",
                      '^[	
                  　]+|[	
                  　]+$',
                      '',
                      'g'
                    ),
                    '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
                  )
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
                                                          "t0"."category",
                                                          '^[	
                  　]+|[	
                  　]+$',
                                                          '',
                                                          'g'
                                                        ),
                                                        'İ',
                                                        'i̇'
                                                      )
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
                      "t0"."category",
                      '^[	
                  　]+|[	
                  　]+$',
                      '',
                      'g'
                    )
                  )
                END = 'marketing',
                FALSE
              )
              THEN COALESCE("t0"."amount", 0)
              ELSE 0.0
            END AS "marketing",
            CASE
              WHEN COALESCE(
                CASE
                  WHEN REGEXP_MATCHES(
                    REGEXP_REPLACE(
                      "t0"."category",
                      '^[	
                  　]+|[	
                  　]+$',
                      '',
                      'g'
                    ),
                    '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
                  )
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
                                                          "t0"."category",
                                                          '^[	
                  　]+|[	
                  　]+$',
                                                          '',
                                                          'g'
                                                        ),
                                                        'İ',
                                                        'i̇'
                                                      )
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
                      "t0"."category",
                      '^[	
                  　]+|[	
                  　]+$',
                      '',
                      'g'
                    )
                  )
                END = 'sales',
                FALSE
              )
              THEN COALESCE("t0"."amount", 0)
              ELSE 0.0
            END AS "sales",
            CASE
              WHEN COALESCE(
                CASE
                  WHEN REGEXP_MATCHES(
                    REGEXP_REPLACE(
                      "t0"."category",
                      '^[	
                  　]+|[	
                  　]+$',
                      '',
                      'g'
                    ),
                    '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
                  )
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
                                                          "t0"."category",
                                                          '^[	
                  　]+|[	
                  　]+$',
                                                          '',
                                                          'g'
                                                        ),
                                                        'İ',
                                                        'i̇'
                                                      )
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
                      "t0"."category",
                      '^[	
                  　]+|[	
                  　]+$',
                      '',
                      'g'
                    )
                  )
                END = 'marketing',
                FALSE
              )
              OR COALESCE(
                CASE
                  WHEN REGEXP_MATCHES(
                    REGEXP_REPLACE(
                      "t0"."category",
                      '^[	
                  　]+|[	
                  　]+$',
                      '',
                      'g'
                    ),
                    '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
                  )
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
                                                          "t0"."category",
                                                          '^[	
                  　]+|[	
                  　]+$',
                                                          '',
                                                          'g'
                                                        ),
                                                        'İ',
                                                        'i̇'
                                                      )
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
                      "t0"."category",
                      '^[	
                  　]+|[	
                  　]+$',
                      '',
                      'g'
                    )
                  )
                END = 'sales',
                FALSE
              )
              THEN COALESCE("t0"."amount", 0)
              ELSE 0.0
            END AS "amount",
            COALESCE("t0"."clicks", 0) AS "clicks",
            CAST(CASE WHEN COALESCE("t0"."clicks" IS NOT NULL, FALSE) THEN 1 ELSE 0 END AS DOUBLE) AS "clicks_n",
            COALESCE("t0"."impressions", 0) AS "impressions",
            CAST(CASE WHEN COALESCE("t0"."impressions" IS NOT NULL, FALSE) THEN 1 ELSE 0 END AS DOUBLE) AS "impressions_n",
            (
              (
                (
                  EXTRACT(year FROM "t0"."date") - 1970
                ) * 12
              ) + EXTRACT(month FROM "t0"."date")
            ) - 1 AS "p"
          FROM "spend" AS "t0"
          WHERE
            "t0"."date" IS NOT NULL
        ) AS "t9"
        GROUP BY
          1,
          2
      ) AS "t10"
      GROUP BY
        1
    ) AS "t11"
  ) AS "t13"
    ON "t8"."p" = "t13"."p_fact"
) AS "t14"
ORDER BY
  "t14"."p" ASC;
