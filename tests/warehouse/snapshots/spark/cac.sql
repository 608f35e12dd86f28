-- xlkpi cac: Customer acquisition cost, per month, options: defaults; Spark SQL (Ibis' Databricks compiler: pyspark is not installed)
WITH `t2` AS (
  SELECT
    *
  FROM `customers` AS `t0`
  WHERE
    `t0`.`acquired_date` IS NOT NULL
), `t8` AS (
  SELECT
    (
      (
        (
          EXTRACT(year FROM MIN(`t3`.`date`)) - 1970
        ) * 12
      ) + EXTRACT(month FROM MIN(`t3`.`date`))
    ) - 1 AS `lo`,
    (
      (
        (
          EXTRACT(year FROM MAX(`t3`.`date`)) - 1970
        ) * 12
      ) + EXTRACT(month FROM MAX(`t3`.`date`))
    ) - 1 AS `hi`
  FROM (
    SELECT
      *
    FROM `spend` AS `t1`
    WHERE
      `t1`.`date` IS NOT NULL
  ) AS `t3`
), `t17` AS (
  SELECT
    MIN(`t12`.`lo`) AS `lo`,
    MAX(`t12`.`hi`) AS `hi`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        (
          (
            (
              EXTRACT(year FROM MIN(`t4`.`acquired_date`)) - 1970
            ) * 12
          ) + EXTRACT(month FROM MIN(`t4`.`acquired_date`))
        ) - 1 AS `lo`,
        (
          (
            (
              EXTRACT(year FROM MAX(`t4`.`acquired_date`)) - 1970
            ) * 12
          ) + EXTRACT(month FROM MAX(`t4`.`acquired_date`))
        ) - 1 AS `hi`
      FROM `t2` AS `t4`
    ) AS `t9`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        (
          (
            (
              EXTRACT(year FROM MIN(`t4`.`churned_date`)) - 1970
            ) * 12
          ) + EXTRACT(month FROM MIN(`t4`.`churned_date`))
        ) - 1 AS `lo`,
        (
          (
            (
              EXTRACT(year FROM MAX(`t4`.`churned_date`)) - 1970
            ) * 12
          ) + EXTRACT(month FROM MAX(`t4`.`churned_date`))
        ) - 1 AS `hi`
      FROM `t2` AS `t4`
    ) AS `t10`
  ) AS `t12`
), `t30` AS (
  SELECT
    `t27`.`p`,
    `t27`.`channel`,
    SUM(`t27`.`cac`) AS `cac`,
    SUM(`t27`.`marketing`) AS `marketing`,
    SUM(`t27`.`sales`) AS `sales`,
    SUM(`t27`.`amount`) AS `amount`,
    SUM(`t27`.`clicks`) AS `clicks`,
    SUM(`t27`.`clicks_n`) AS `clicks_n`,
    SUM(`t27`.`impressions`) AS `impressions`,
    SUM(`t27`.`impressions_n`) AS `impressions_n`
  FROM (
    SELECT
      `t1`.`date`,
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
      ) AS `channel`,
      IF(
        COALESCE(
          IF(
            REGEXP_LIKE(
              REGEXP_REPLACE(
                `t1`.`category`,
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
                                                    `t1`.`category`,
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
                `t1`.`category`,
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
                `t1`.`category`,
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
                                                    `t1`.`category`,
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
                `t1`.`category`,
                '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                ''
              )
            )
          ) = 'sales',
          FALSE
        ),
        COALESCE(`t1`.`amount`, 0),
        0.0
      ) AS `cac`,
      IF(
        COALESCE(
          IF(
            REGEXP_LIKE(
              REGEXP_REPLACE(
                `t1`.`category`,
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
                                                    `t1`.`category`,
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
                `t1`.`category`,
                '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                ''
              )
            )
          ) = 'marketing',
          FALSE
        ),
        COALESCE(`t1`.`amount`, 0),
        0.0
      ) AS `marketing`,
      IF(
        COALESCE(
          IF(
            REGEXP_LIKE(
              REGEXP_REPLACE(
                `t1`.`category`,
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
                                                    `t1`.`category`,
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
                `t1`.`category`,
                '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                ''
              )
            )
          ) = 'sales',
          FALSE
        ),
        COALESCE(`t1`.`amount`, 0),
        0.0
      ) AS `sales`,
      IF(
        COALESCE(
          IF(
            REGEXP_LIKE(
              REGEXP_REPLACE(
                `t1`.`category`,
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
                                                    `t1`.`category`,
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
                `t1`.`category`,
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
                `t1`.`category`,
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
                                                    `t1`.`category`,
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
                `t1`.`category`,
                '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                ''
              )
            )
          ) = 'sales',
          FALSE
        ),
        COALESCE(`t1`.`amount`, 0),
        0.0
      ) AS `amount`,
      COALESCE(`t1`.`clicks`, 0) AS `clicks`,
      CAST(IF(COALESCE(`t1`.`clicks` IS NOT NULL AND NOT ISNAN(`t1`.`clicks`), FALSE), 1, 0) AS DOUBLE) AS `clicks_n`,
      COALESCE(`t1`.`impressions`, 0) AS `impressions`,
      CAST(IF(
        COALESCE(`t1`.`impressions` IS NOT NULL AND NOT ISNAN(`t1`.`impressions`), FALSE),
        1,
        0
      ) AS DOUBLE) AS `impressions_n`,
      (
        (
          (
            EXTRACT(year FROM `t1`.`date`) - 1970
          ) * 12
        ) + EXTRACT(month FROM `t1`.`date`)
      ) - 1 AS `p`
    FROM `spend` AS `t1`
    WHERE
      `t1`.`date` IS NOT NULL
  ) AS `t27`
  GROUP BY
    1,
    2
)
SELECT
  `t48`.`p` AS `period`,
  `t48`.`segment`,
  IF(`t48`.`covered`, `t48`.`value`, CAST(NULL AS DOUBLE)) AS `value`
FROM (
  SELECT
    *
  FROM (
    SELECT
      `t42`.`p`,
      `t42`.`covered`,
      '' AS `segment`,
      TRY_DIVIDE(`t42`.`cac`, NULLIF(CAST(`t42`.`new` AS DOUBLE), 0)) AS `value`
    FROM (
      SELECT
        `t25`.`p`,
        COALESCE(
          TRUE
          AND (
            (
              `t25`.`p` >= `t16`.`lo0`
            ) AND (
              `t25`.`p` <= `t16`.`hi0`
            )
          )
          AND (
            (
              `t25`.`p` >= `t22`.`lo1`
            ) AND (
              `t25`.`p` <= `t22`.`hi1`
            )
          ),
          FALSE
        ) AS `covered`,
        COALESCE(`t41`.`cac`, 0) AS `cac`,
        COALESCE(`t41`.`marketing`, 0) AS `marketing`,
        COALESCE(`t41`.`sales`, 0) AS `sales`,
        COALESCE(`t41`.`amount`, 0) AS `amount`,
        COALESCE(`t41`.`clicks`, 0) AS `clicks`,
        COALESCE(`t41`.`clicks_n`, 0) AS `clicks_n`,
        COALESCE(`t41`.`impressions`, 0) AS `impressions`,
        COALESCE(`t41`.`impressions_n`, 0) AS `impressions_n`,
        COALESCE(`t18`.`new`, 0) AS `new`
      FROM (
        SELECT
          EXPLODE(
            IF(
              (
                1 <> 0
              ) AND (
                SIGN(1) = SIGN((
                  `t23`.`hi` + 1
                ) - `t23`.`lo`)
              ),
              IF(
                ELEMENT_AT(
                  SEQUENCE(`t23`.`lo`, `t23`.`hi` + 1, 1),
                  SIZE(SEQUENCE(`t23`.`lo`, `t23`.`hi` + 1, 1))
                ) = (
                  `t23`.`hi` + 1
                ),
                SLICE(
                  SEQUENCE(`t23`.`lo`, `t23`.`hi` + 1, 1),
                  1,
                  SIZE(SEQUENCE(`t23`.`lo`, `t23`.`hi` + 1, 1)) - 1
                ),
                SEQUENCE(`t23`.`lo`, `t23`.`hi` + 1, 1)
              ),
              ARRAY()
            )
          ) AS `p`
        FROM (
          SELECT
            MIN(`t20`.`lo`) AS `lo`,
            MAX(`t20`.`hi`) AS `hi`
          FROM (
            SELECT
              *
            FROM `t8` AS `t11`
            UNION ALL
            SELECT
              *
            FROM `t17` AS `t19`
          ) AS `t20`
        ) AS `t23`
      ) AS `t25`
      CROSS JOIN (
        SELECT
          `t11`.`lo` AS `lo0`,
          `t11`.`hi` AS `hi0`
        FROM `t8` AS `t11`
      ) AS `t16`
      CROSS JOIN (
        SELECT
          `t19`.`lo` AS `lo1`,
          `t19`.`hi` AS `hi1`
        FROM `t17` AS `t19`
      ) AS `t22`
      LEFT OUTER JOIN (
        SELECT
          `t37`.`p` AS `p_fact`,
          `t37`.`cac`,
          `t37`.`marketing`,
          `t37`.`sales`,
          `t37`.`amount`,
          `t37`.`clicks`,
          `t37`.`clicks_n`,
          `t37`.`impressions`,
          `t37`.`impressions_n`
        FROM (
          SELECT
            `t31`.`p`,
            SUM(`t31`.`cac`) AS `cac`,
            SUM(`t31`.`marketing`) AS `marketing`,
            SUM(`t31`.`sales`) AS `sales`,
            SUM(`t31`.`amount`) AS `amount`,
            SUM(`t31`.`clicks`) AS `clicks`,
            SUM(`t31`.`clicks_n`) AS `clicks_n`,
            SUM(`t31`.`impressions`) AS `impressions`,
            SUM(`t31`.`impressions_n`) AS `impressions_n`
          FROM `t30` AS `t31`
          GROUP BY
            1
        ) AS `t37`
      ) AS `t41`
        ON `t25`.`p` = `t41`.`p_fact`
      LEFT OUTER JOIN (
        SELECT
          `t13`.`p` AS `p_fact`,
          `t13`.`new`
        FROM (
          SELECT
            `t6`.`p`,
            COUNT(*) AS `new`,
            SUM(IF(COALESCE(COALESCE(`t6`.`marketing_originated`, FALSE), FALSE), 1, 0)) AS `marketing`
          FROM (
            SELECT
              `t0`.`customer_id`,
              `t0`.`acquired_date`,
              `t0`.`acquisition_channel`,
              `t0`.`marketing_originated`,
              `t0`.`churned_date`,
              (
                (
                  (
                    EXTRACT(year FROM `t0`.`acquired_date`) - 1970
                  ) * 12
                ) + EXTRACT(month FROM `t0`.`acquired_date`)
              ) - 1 AS `p`
            FROM `customers` AS `t0`
            WHERE
              `t0`.`acquired_date` IS NOT NULL
          ) AS `t6`
          GROUP BY
            1
        ) AS `t13`
      ) AS `t18`
        ON `t25`.`p` = `t18`.`p_fact`
    ) AS `t42`
  ) AS `t43`
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      `t46`.`p`,
      `t46`.`covered`,
      `t46`.`channel` AS `segment`,
      TRY_DIVIDE(`t46`.`cac`, NULLIF(CAST(`t46`.`new` AS DOUBLE), 0)) AS `value`
    FROM (
      SELECT
        `t45`.`p`,
        `t45`.`covered`,
        `t45`.`channel`,
        `t45`.`own`,
        `t45`.`key`,
        COALESCE(`t39`.`cac`, 0) AS `cac`,
        COALESCE(`t39`.`marketing`, 0) AS `marketing`,
        COALESCE(`t39`.`sales`, 0) AS `sales`,
        COALESCE(`t39`.`amount`, 0) AS `amount`,
        COALESCE(`t39`.`clicks`, 0) AS `clicks`,
        COALESCE(`t39`.`clicks_n`, 0) AS `clicks_n`,
        COALESCE(`t39`.`impressions`, 0) AS `impressions`,
        COALESCE(`t39`.`impressions_n`, 0) AS `impressions_n`,
        COALESCE(`t34`.`new`, 0) AS `new`
      FROM (
        SELECT
          `t38`.`p`,
          `t38`.`covered`,
          `t38`.`channel`,
          `t38`.`own`,
          IF(
            REGEXP_LIKE(`t38`.`channel`, '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'),
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
                                              LOWER(REPLACE(`t38`.`channel`, 'İ', 'i̇')),
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
            LOWER(`t38`.`channel`)
          ) AS `key`
        FROM (
          SELECT
            `t25`.`p`,
            COALESCE(
              TRUE
              AND (
                (
                  `t25`.`p` >= `t16`.`lo0`
                ) AND (
                  `t25`.`p` <= `t16`.`hi0`
                )
              )
              AND (
                (
                  `t25`.`p` >= `t22`.`lo1`
                ) AND (
                  `t25`.`p` <= `t22`.`hi1`
                )
              ),
              FALSE
            ) AS `covered`,
            `t35`.`channel`,
            `t35`.`own`
          FROM (
            SELECT
              EXPLODE(
                IF(
                  (
                    1 <> 0
                  ) AND (
                    SIGN(1) = SIGN((
                      `t23`.`hi` + 1
                    ) - `t23`.`lo`)
                  ),
                  IF(
                    ELEMENT_AT(
                      SEQUENCE(`t23`.`lo`, `t23`.`hi` + 1, 1),
                      SIZE(SEQUENCE(`t23`.`lo`, `t23`.`hi` + 1, 1))
                    ) = (
                      `t23`.`hi` + 1
                    ),
                    SLICE(
                      SEQUENCE(`t23`.`lo`, `t23`.`hi` + 1, 1),
                      1,
                      SIZE(SEQUENCE(`t23`.`lo`, `t23`.`hi` + 1, 1)) - 1
                    ),
                    SEQUENCE(`t23`.`lo`, `t23`.`hi` + 1, 1)
                  ),
                  ARRAY()
                )
              ) AS `p`
            FROM (
              SELECT
                MIN(`t20`.`lo`) AS `lo`,
                MAX(`t20`.`hi`) AS `hi`
              FROM (
                SELECT
                  *
                FROM `t8` AS `t11`
                UNION ALL
                SELECT
                  *
                FROM `t17` AS `t19`
              ) AS `t20`
            ) AS `t23`
          ) AS `t25`
          CROSS JOIN (
            SELECT
              `t11`.`lo` AS `lo0`,
              `t11`.`hi` AS `hi0`
            FROM `t8` AS `t11`
          ) AS `t16`
          CROSS JOIN (
            SELECT
              `t19`.`lo` AS `lo1`,
              `t19`.`hi` AS `hi1`
            FROM `t17` AS `t19`
          ) AS `t22`
          CROSS JOIN (
            SELECT
              `t7`.`channel`,
              `t7`.`channel` = MAX(`t7`.`channel`) OVER (
                PARTITION BY IF(
                  REGEXP_LIKE(`t7`.`channel`, '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'),
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
                                                    LOWER(REPLACE(`t7`.`channel`, 'İ', 'i̇')),
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
                  LOWER(`t7`.`channel`)
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
                  ) AS `channel`
                FROM `spend` AS `t1`
                WHERE
                  `t1`.`date` IS NOT NULL
              ) AS `t5`
              WHERE
                `t5`.`channel` IS NOT NULL
            ) AS `t7`
          ) AS `t35`
        ) AS `t38`
      ) AS `t45`
      LEFT OUTER JOIN (
        SELECT
          `t31`.`p` AS `p_f`,
          `t31`.`channel` AS `channel_f`,
          `t31`.`cac`,
          `t31`.`marketing`,
          `t31`.`sales`,
          `t31`.`amount`,
          `t31`.`clicks`,
          `t31`.`clicks_n`,
          `t31`.`impressions`,
          `t31`.`impressions_n`
        FROM `t30` AS `t31`
        WHERE
          `t31`.`channel` IS NOT NULL
      ) AS `t39`
        ON `t45`.`p` = `t39`.`p_f` AND `t45`.`channel` = `t39`.`channel_f`
      LEFT OUTER JOIN (
        SELECT
          `t29`.`p` AS `p_o`,
          `t29`.`key` AS `key_o`,
          `t29`.`new`
        FROM (
          SELECT
            `t28`.`p`,
            `t28`.`key`,
            COUNT(*) AS `new`
          FROM (
            SELECT
              *
            FROM (
              SELECT
                `t0`.`customer_id`,
                `t0`.`acquired_date`,
                `t0`.`acquisition_channel`,
                `t0`.`marketing_originated`,
                `t0`.`churned_date`,
                (
                  (
                    (
                      EXTRACT(year FROM `t0`.`acquired_date`) - 1970
                    ) * 12
                  ) + EXTRACT(month FROM `t0`.`acquired_date`)
                ) - 1 AS `p`,
                IF(
                  REGEXP_LIKE(
                    IF(
                      REGEXP_REPLACE(
                        `t0`.`acquisition_channel`,
                        '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                        ''
                      ) = '',
                      CAST(NULL AS STRING),
                      REGEXP_REPLACE(
                        `t0`.`acquisition_channel`,
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
                                                            `t0`.`acquisition_channel`,
                                                            '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                                                            ''
                                                          ) = '',
                                                          CAST(NULL AS STRING),
                                                          REGEXP_REPLACE(
                                                            `t0`.`acquisition_channel`,
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
                        `t0`.`acquisition_channel`,
                        '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                        ''
                      ) = '',
                      CAST(NULL AS STRING),
                      REGEXP_REPLACE(
                        `t0`.`acquisition_channel`,
                        '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                        ''
                      )
                    )
                  )
                ) AS `key`
              FROM `customers` AS `t0`
              WHERE
                `t0`.`acquired_date` IS NOT NULL
            ) AS `t26`
            WHERE
              `t26`.`key` IS NOT NULL
          ) AS `t28`
          GROUP BY
            1,
            2
        ) AS `t29`
      ) AS `t34`
        ON `t45`.`p` = `t34`.`p_o` AND `t45`.`key` = `t34`.`key_o` AND `t45`.`own`
    ) AS `t46`
  ) AS `t47`
) AS `t48`
ORDER BY
  `t48`.`p` ASC NULLS LAST,
  `t48`.`segment` ASC NULLS LAST;
