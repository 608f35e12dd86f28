-- xlkpi ctr: Click-through rate, per month, options: defaults; Spark SQL (Ibis' Databricks compiler: pyspark is not installed)
WITH `t5` AS (
  SELECT
    (
      (
        (
          EXTRACT(year FROM MIN(`t1`.`date`)) - 1970
        ) * 12
      ) + EXTRACT(month FROM MIN(`t1`.`date`))
    ) - 1 AS `lo`,
    (
      (
        (
          EXTRACT(year FROM MAX(`t1`.`date`)) - 1970
        ) * 12
      ) + EXTRACT(month FROM MAX(`t1`.`date`))
    ) - 1 AS `hi`
  FROM (
    SELECT
      *
    FROM `spend` AS `t0`
    WHERE
      `t0`.`date` IS NOT NULL
  ) AS `t1`
)
SELECT
  `t19`.`p` AS `period`,
  `t19`.`channel` AS `segment`,
  IF(
    `t19`.`covered`,
    IF(
      `t19`.`clicks_n` > 0,
      IF(
        `t19`.`impressions_n` > 0,
        TRY_DIVIDE(`t19`.`clicks`, NULLIF(`t19`.`impressions`, 0)),
        CAST(NULL AS DOUBLE)
      ),
      CAST(NULL AS DOUBLE)
    ),
    CAST(NULL AS DOUBLE)
  ) AS `value`
FROM (
  SELECT
    `t18`.`p`,
    `t18`.`covered`,
    `t18`.`channel`,
    `t18`.`key`,
    COALESCE(`t16`.`cac`, 0) AS `cac`,
    COALESCE(`t16`.`marketing`, 0) AS `marketing`,
    COALESCE(`t16`.`sales`, 0) AS `sales`,
    COALESCE(`t16`.`amount`, 0) AS `amount`,
    COALESCE(`t16`.`clicks`, 0) AS `clicks`,
    COALESCE(`t16`.`clicks_n`, 0) AS `clicks_n`,
    COALESCE(`t16`.`impressions`, 0) AS `impressions`,
    COALESCE(`t16`.`impressions_n`, 0) AS `impressions_n`
  FROM (
    SELECT
      `t12`.`p`,
      `t12`.`covered`,
      `t12`.`channel`,
      IF(
        REGEXP_LIKE(`t12`.`channel`, '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'),
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
                                      REPLACE(
                                        TRANSLATE(
                                          LOWER(REPLACE(`t12`.`channel`, 'İ', 'i̇')),
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
        ),
        LOWER(`t12`.`channel`)
      ) AS `key`
    FROM (
      SELECT
        `t11`.`p`,
        COALESCE(
          TRUE
          AND (
            (
              `t11`.`p` >= `t8`.`lo0`
            ) AND (
              `t11`.`p` <= `t8`.`hi0`
            )
          ),
          FALSE
        ) AS `covered`,
        `t4`.`channel`
      FROM (
        SELECT
          EXPLODE(
            IF(
              (
                1 <> 0
              ) AND (
                SIGN(1) = SIGN((
                  `t9`.`hi` + 1
                ) - `t9`.`lo`)
              ),
              IF(
                ELEMENT_AT(SEQUENCE(`t9`.`lo`, `t9`.`hi` + 1, 1), SIZE(SEQUENCE(`t9`.`lo`, `t9`.`hi` + 1, 1))) = (
                  `t9`.`hi` + 1
                ),
                SLICE(
                  SEQUENCE(`t9`.`lo`, `t9`.`hi` + 1, 1),
                  1,
                  SIZE(SEQUENCE(`t9`.`lo`, `t9`.`hi` + 1, 1)) - 1
                ),
                SEQUENCE(`t9`.`lo`, `t9`.`hi` + 1, 1)
              ),
              ARRAY()
            )
          ) AS `p`
        FROM (
          SELECT
            MIN(`t6`.`lo`) AS `lo`,
            MAX(`t6`.`hi`) AS `hi`
          FROM `t5` AS `t6`
        ) AS `t9`
      ) AS `t11`
      CROSS JOIN (
        SELECT
          `t6`.`lo` AS `lo0`,
          `t6`.`hi` AS `hi0`
        FROM `t5` AS `t6`
      ) AS `t8`
      CROSS JOIN (
        SELECT DISTINCT
          *
        FROM (
          SELECT
            IF(
              REGEXP_REPLACE(
                `t0`.`channel`,
                '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                ''
              ) = '',
              CAST(NULL AS STRING),
              REGEXP_REPLACE(
                `t0`.`channel`,
                '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                ''
              )
            ) AS `channel`
          FROM `spend` AS `t0`
          WHERE
            `t0`.`date` IS NOT NULL
        ) AS `t2`
        WHERE
          `t2`.`channel` IS NOT NULL
      ) AS `t4`
    ) AS `t12`
  ) AS `t18`
  LEFT OUTER JOIN (
    SELECT
      `t14`.`p` AS `p_f`,
      `t14`.`channel` AS `channel_f`,
      `t14`.`cac`,
      `t14`.`marketing`,
      `t14`.`sales`,
      `t14`.`amount`,
      `t14`.`clicks`,
      `t14`.`clicks_n`,
      `t14`.`impressions`,
      `t14`.`impressions_n`
    FROM (
      SELECT
        `t13`.`p`,
        `t13`.`channel`,
        SUM(`t13`.`cac`) AS `cac`,
        SUM(`t13`.`marketing`) AS `marketing`,
        SUM(`t13`.`sales`) AS `sales`,
        SUM(`t13`.`amount`) AS `amount`,
        SUM(`t13`.`clicks`) AS `clicks`,
        SUM(`t13`.`clicks_n`) AS `clicks_n`,
        SUM(`t13`.`impressions`) AS `impressions`,
        SUM(`t13`.`impressions_n`) AS `impressions_n`
      FROM (
        SELECT
          `t0`.`date`,
          IF(
            REGEXP_REPLACE(
              `t0`.`channel`,
              '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
              ''
            ) = '',
            CAST(NULL AS STRING),
            REGEXP_REPLACE(
              `t0`.`channel`,
              '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
              ''
            )
          ) AS `channel`,
          IF(
            COALESCE(
              IF(
                REGEXP_LIKE(
                  REGEXP_REPLACE(
                    `t0`.`category`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  ),
                  '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
                ),
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
                                              REPLACE(
                                                TRANSLATE(
                                                  LOWER(
                                                    REPLACE(
                                                      REGEXP_REPLACE(
                                                        `t0`.`category`,
                                                        '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                                                        ''
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
                ),
                LOWER(
                  REGEXP_REPLACE(
                    `t0`.`category`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  )
                )
              ) = 'marketing',
              FALSE
            )
            OR COALESCE(
              IF(
                REGEXP_LIKE(
                  REGEXP_REPLACE(
                    `t0`.`category`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  ),
                  '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
                ),
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
                                              REPLACE(
                                                TRANSLATE(
                                                  LOWER(
                                                    REPLACE(
                                                      REGEXP_REPLACE(
                                                        `t0`.`category`,
                                                        '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                                                        ''
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
                ),
                LOWER(
                  REGEXP_REPLACE(
                    `t0`.`category`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  )
                )
              ) = 'sales',
              FALSE
            ),
            COALESCE(`t0`.`amount`, 0),
            0.0
          ) AS `cac`,
          IF(
            COALESCE(
              IF(
                REGEXP_LIKE(
                  REGEXP_REPLACE(
                    `t0`.`category`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  ),
                  '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
                ),
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
                                              REPLACE(
                                                TRANSLATE(
                                                  LOWER(
                                                    REPLACE(
                                                      REGEXP_REPLACE(
                                                        `t0`.`category`,
                                                        '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                                                        ''
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
                ),
                LOWER(
                  REGEXP_REPLACE(
                    `t0`.`category`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  )
                )
              ) = 'marketing',
              FALSE
            ),
            COALESCE(`t0`.`amount`, 0),
            0.0
          ) AS `marketing`,
          IF(
            COALESCE(
              IF(
                REGEXP_LIKE(
                  REGEXP_REPLACE(
                    `t0`.`category`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  ),
                  '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
                ),
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
                                              REPLACE(
                                                TRANSLATE(
                                                  LOWER(
                                                    REPLACE(
                                                      REGEXP_REPLACE(
                                                        `t0`.`category`,
                                                        '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                                                        ''
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
                ),
                LOWER(
                  REGEXP_REPLACE(
                    `t0`.`category`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  )
                )
              ) = 'sales',
              FALSE
            ),
            COALESCE(`t0`.`amount`, 0),
            0.0
          ) AS `sales`,
          IF(
            COALESCE(
              IF(
                REGEXP_LIKE(
                  REGEXP_REPLACE(
                    `t0`.`category`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  ),
                  '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
                ),
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
                                              REPLACE(
                                                TRANSLATE(
                                                  LOWER(
                                                    REPLACE(
                                                      REGEXP_REPLACE(
                                                        `t0`.`category`,
                                                        '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                                                        ''
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
                ),
                LOWER(
                  REGEXP_REPLACE(
                    `t0`.`category`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  )
                )
              ) = 'marketing',
              FALSE
            )
            OR COALESCE(
              IF(
                REGEXP_LIKE(
                  REGEXP_REPLACE(
                    `t0`.`category`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  ),
                  '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
                ),
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
                                              REPLACE(
                                                TRANSLATE(
                                                  LOWER(
                                                    REPLACE(
                                                      REGEXP_REPLACE(
                                                        `t0`.`category`,
                                                        '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                                                        ''
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
                ),
                LOWER(
                  REGEXP_REPLACE(
                    `t0`.`category`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  )
                )
              ) = 'sales',
              FALSE
            ),
            COALESCE(`t0`.`amount`, 0),
            0.0
          ) AS `amount`,
          COALESCE(`t0`.`clicks`, 0) AS `clicks`,
          CAST(IF(COALESCE(`t0`.`clicks` IS NOT NULL AND NOT ISNAN(`t0`.`clicks`), FALSE), 1, 0) AS DOUBLE) AS `clicks_n`,
          COALESCE(`t0`.`impressions`, 0) AS `impressions`,
          CAST(IF(
            COALESCE(`t0`.`impressions` IS NOT NULL AND NOT ISNAN(`t0`.`impressions`), FALSE),
            1,
            0
          ) AS DOUBLE) AS `impressions_n`,
          (
            (
              (
                EXTRACT(year FROM `t0`.`date`) - 1970
              ) * 12
            ) + EXTRACT(month FROM `t0`.`date`)
          ) - 1 AS `p`
        FROM `spend` AS `t0`
        WHERE
          `t0`.`date` IS NOT NULL
      ) AS `t13`
      GROUP BY
        1,
        2
    ) AS `t14`
    WHERE
      `t14`.`channel` IS NOT NULL
  ) AS `t16`
    ON `t18`.`p` = `t16`.`p_f` AND `t18`.`channel` = `t16`.`channel_f`
) AS `t19`
ORDER BY
  `t19`.`p` ASC NULLS LAST,
  `t19`.`channel` ASC NULLS LAST;
