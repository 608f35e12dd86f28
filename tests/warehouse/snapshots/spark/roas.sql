-- xlkpi roas: Return on ad spend, per month, options: defaults; Spark SQL (Ibis' Databricks compiler: pyspark is not installed)
WITH `t6` AS (
  SELECT
    (
      (
        (
          EXTRACT(year FROM MIN(`t2`.`date`)) - 1970
        ) * 12
      ) + EXTRACT(month FROM MIN(`t2`.`date`))
    ) - 1 AS `lo`,
    (
      (
        (
          EXTRACT(year FROM MAX(`t2`.`date`)) - 1970
        ) * 12
      ) + EXTRACT(month FROM MAX(`t2`.`date`))
    ) - 1 AS `hi`
  FROM (
    SELECT
      *
    FROM `spend` AS `t0`
    WHERE
      `t0`.`date` IS NOT NULL
  ) AS `t2`
), `t7` AS (
  SELECT
    (
      (
        (
          EXTRACT(year FROM MIN(`t3`.`order_date`)) - 1970
        ) * 12
      ) + EXTRACT(month FROM MIN(`t3`.`order_date`))
    ) - 1 AS `lo`,
    (
      (
        (
          EXTRACT(year FROM MAX(`t3`.`order_date`)) - 1970
        ) * 12
      ) + EXTRACT(month FROM MAX(`t3`.`order_date`))
    ) - 1 AS `hi`
  FROM (
    SELECT
      *
    FROM `orders` AS `t1`
    WHERE
      `t1`.`order_date` IS NOT NULL
  ) AS `t3`
)
SELECT
  `t32`.`p` AS `period`,
  `t32`.`channel` AS `segment`,
  IF(
    `t32`.`covered`,
    TRY_DIVIDE(`t32`.`revenue`, NULLIF(`t32`.`amount`, 0)),
    CAST(NULL AS DOUBLE)
  ) AS `value`
FROM (
  SELECT
    `t31`.`p`,
    `t31`.`covered`,
    `t31`.`channel`,
    `t31`.`own`,
    `t31`.`key`,
    COALESCE(`t26`.`cac`, 0) AS `cac`,
    COALESCE(`t26`.`marketing`, 0) AS `marketing`,
    COALESCE(`t26`.`sales`, 0) AS `sales`,
    COALESCE(`t26`.`amount`, 0) AS `amount`,
    COALESCE(`t26`.`clicks`, 0) AS `clicks`,
    COALESCE(`t26`.`clicks_n`, 0) AS `clicks_n`,
    COALESCE(`t26`.`impressions`, 0) AS `impressions`,
    COALESCE(`t26`.`impressions_n`, 0) AS `impressions_n`,
    COALESCE(`t29`.`revenue`, 0) AS `revenue`
  FROM (
    SELECT
      `t28`.`p`,
      `t28`.`covered`,
      `t28`.`channel`,
      `t28`.`own`,
      IF(
        REGEXP_LIKE(`t28`.`channel`, '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'),
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
                                          LOWER(REPLACE(`t28`.`channel`, 'İ', 'i̇')),
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
        LOWER(`t28`.`channel`)
      ) AS `key`
    FROM (
      SELECT
        `t17`.`p`,
        COALESCE(
          TRUE
          AND (
            (
              `t17`.`p` >= `t13`.`lo0`
            ) AND (
              `t17`.`p` <= `t13`.`hi0`
            )
          )
          AND (
            (
              `t17`.`p` >= `t14`.`lo1`
            ) AND (
              `t17`.`p` <= `t14`.`hi1`
            )
          ),
          FALSE
        ) AS `covered`,
        `t24`.`channel`,
        `t24`.`own`
      FROM (
        SELECT
          EXPLODE(
            IF(
              (
                1 <> 0
              ) AND (
                SIGN(1) = SIGN((
                  `t15`.`hi` + 1
                ) - `t15`.`lo`)
              ),
              IF(
                ELEMENT_AT(
                  SEQUENCE(`t15`.`lo`, `t15`.`hi` + 1, 1),
                  SIZE(SEQUENCE(`t15`.`lo`, `t15`.`hi` + 1, 1))
                ) = (
                  `t15`.`hi` + 1
                ),
                SLICE(
                  SEQUENCE(`t15`.`lo`, `t15`.`hi` + 1, 1),
                  1,
                  SIZE(SEQUENCE(`t15`.`lo`, `t15`.`hi` + 1, 1)) - 1
                ),
                SEQUENCE(`t15`.`lo`, `t15`.`hi` + 1, 1)
              ),
              ARRAY()
            )
          ) AS `p`
        FROM (
          SELECT
            MIN(`t10`.`lo`) AS `lo`,
            MAX(`t10`.`hi`) AS `hi`
          FROM (
            SELECT
              *
            FROM `t6` AS `t8`
            UNION ALL
            SELECT
              *
            FROM `t7` AS `t9`
          ) AS `t10`
        ) AS `t15`
      ) AS `t17`
      CROSS JOIN (
        SELECT
          `t8`.`lo` AS `lo0`,
          `t8`.`hi` AS `hi0`
        FROM `t6` AS `t8`
      ) AS `t13`
      CROSS JOIN (
        SELECT
          `t9`.`lo` AS `lo1`,
          `t9`.`hi` AS `hi1`
        FROM `t7` AS `t9`
      ) AS `t14`
      CROSS JOIN (
        SELECT
          `t5`.`channel`,
          `t5`.`channel` = MAX(`t5`.`channel`) OVER (
            PARTITION BY IF(
              REGEXP_LIKE(`t5`.`channel`, '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'),
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
                                                LOWER(REPLACE(`t5`.`channel`, 'İ', 'i̇')),
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
              LOWER(`t5`.`channel`)
            )
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) AS `own`
        FROM (
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
          ) AS `t4`
          WHERE
            `t4`.`channel` IS NOT NULL
        ) AS `t5`
      ) AS `t24`
    ) AS `t28`
  ) AS `t31`
  LEFT OUTER JOIN (
    SELECT
      `t21`.`p` AS `p_f`,
      `t21`.`channel` AS `channel_f`,
      `t21`.`cac`,
      `t21`.`marketing`,
      `t21`.`sales`,
      `t21`.`amount`,
      `t21`.`clicks`,
      `t21`.`clicks_n`,
      `t21`.`impressions`,
      `t21`.`impressions_n`
    FROM (
      SELECT
        `t19`.`p`,
        `t19`.`channel`,
        SUM(`t19`.`cac`) AS `cac`,
        SUM(`t19`.`marketing`) AS `marketing`,
        SUM(`t19`.`sales`) AS `sales`,
        SUM(`t19`.`amount`) AS `amount`,
        SUM(`t19`.`clicks`) AS `clicks`,
        SUM(`t19`.`clicks_n`) AS `clicks_n`,
        SUM(`t19`.`impressions`) AS `impressions`,
        SUM(`t19`.`impressions_n`) AS `impressions_n`
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
      ) AS `t19`
      GROUP BY
        1,
        2
    ) AS `t21`
    WHERE
      `t21`.`channel` IS NOT NULL
  ) AS `t26`
    ON `t31`.`p` = `t26`.`p_f` AND `t31`.`channel` = `t26`.`channel_f`
  LEFT OUTER JOIN (
    SELECT
      `t23`.`p` AS `p_o`,
      `t23`.`key` AS `key_o`,
      `t23`.`revenue`
    FROM (
      SELECT
        `t20`.`p`,
        `t20`.`key`,
        SUM(COALESCE(`t20`.`revenue`, 0)) AS `revenue`
      FROM (
        SELECT
          *
        FROM (
          SELECT
            `t1`.`order_id`,
            `t1`.`order_date`,
            `t1`.`customer_id`,
            `t1`.`revenue`,
            `t1`.`cost`,
            `t1`.`status`,
            `t1`.`channel`,
            `t1`.`device`,
            (
              (
                (
                  EXTRACT(year FROM `t1`.`order_date`) - 1970
                ) * 12
              ) + EXTRACT(month FROM `t1`.`order_date`)
            ) - 1 AS `p`,
            IF(
              REGEXP_LIKE(
                IF(
                  REGEXP_REPLACE(
                    `t1`.`channel`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  ) = '',
                  CAST(NULL AS STRING),
                  REGEXP_REPLACE(
                    `t1`.`channel`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  )
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
                                                    IF(
                                                      REGEXP_REPLACE(
                                                        `t1`.`channel`,
                                                        '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                                                        ''
                                                      ) = '',
                                                      CAST(NULL AS STRING),
                                                      REGEXP_REPLACE(
                                                        `t1`.`channel`,
                                                        '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                                                        ''
                                                      )
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
                IF(
                  REGEXP_REPLACE(
                    `t1`.`channel`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  ) = '',
                  CAST(NULL AS STRING),
                  REGEXP_REPLACE(
                    `t1`.`channel`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  )
                )
              )
            ) AS `key`
          FROM `orders` AS `t1`
          WHERE
            `t1`.`order_date` IS NOT NULL
            AND (
              (
                IF(
                  REGEXP_LIKE(
                    REGEXP_REPLACE(
                      `t1`.`status`,
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
                                                          `t1`.`status`,
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
                      `t1`.`status`,
                      '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                      ''
                    )
                  )
                ) IS NULL
              )
              OR IF(
                REGEXP_LIKE(
                  REGEXP_REPLACE(
                    `t1`.`status`,
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
                                                        `t1`.`status`,
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
                    `t1`.`status`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  )
                )
              ) IN ('', 'paid')
            )
        ) AS `t18`
        WHERE
          `t18`.`key` IS NOT NULL
      ) AS `t20`
      GROUP BY
        1,
        2
    ) AS `t23`
  ) AS `t29`
    ON `t31`.`p` = `t29`.`p_o` AND `t31`.`key` = `t29`.`key_o` AND `t31`.`own`
) AS `t32`
ORDER BY
  `t32`.`p` ASC NULLS LAST,
  `t32`.`channel` ASC NULLS LAST;
