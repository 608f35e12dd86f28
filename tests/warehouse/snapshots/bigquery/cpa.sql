-- xlkpi cpa: Cost per acquisition, per month, options: defaults; bigquery SQL
WITH `t3` AS (
  SELECT
    *
  FROM `customers` AS `t1`
  WHERE
    `t1`.`acquired_date` IS NOT NULL
), `t7` AS (
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
), `t14` AS (
  SELECT
    MIN(`t11`.`lo`) AS `lo`,
    MAX(`t11`.`hi`) AS `hi`
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
      FROM `t3` AS `t4`
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
      FROM `t3` AS `t4`
    ) AS `t10`
  ) AS `t11`
)
SELECT
  `t36`.`p` AS `period`,
  `t36`.`channel` AS `segment`,
  IF(
    `t36`.`covered`,
    ieee_divide(`t36`.`amount`, NULLIF(CAST(`t36`.`new` AS FLOAT64), 0)),
    CAST(NULL AS FLOAT64)
  ) AS `value`
FROM (
  SELECT
    `t35`.`p`,
    `t35`.`covered`,
    `t35`.`channel`,
    `t35`.`own`,
    `t35`.`key`,
    COALESCE(`t32`.`cac`, 0) AS `cac`,
    COALESCE(`t32`.`marketing`, 0) AS `marketing`,
    COALESCE(`t32`.`sales`, 0) AS `sales`,
    COALESCE(`t32`.`amount`, 0) AS `amount`,
    COALESCE(`t32`.`clicks`, 0) AS `clicks`,
    COALESCE(`t32`.`clicks_n`, 0) AS `clicks_n`,
    COALESCE(`t32`.`impressions`, 0) AS `impressions`,
    COALESCE(`t32`.`impressions_n`, 0) AS `impressions_n`,
    COALESCE(`t31`.`new`, 0) AS `new`
  FROM (
    SELECT
      `t33`.`p`,
      `t33`.`covered`,
      `t33`.`channel`,
      `t33`.`own`,
      IF(
        REGEXP_CONTAINS(`t33`.`channel`, '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'),
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
                                          LOWER(REPLACE(`t33`.`channel`, 'İ', 'i̇')),
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
        LOWER(`t33`.`channel`)
      ) AS `key`
    FROM (
      SELECT
        `t21`.`p`,
        COALESCE(
          TRUE
          AND (
            (
              `t21`.`p` >= `t13`.`lo0`
            ) AND (
              `t21`.`p` <= `t13`.`hi0`
            )
          )
          AND (
            (
              `t21`.`p` >= `t18`.`lo1`
            ) AND (
              `t21`.`p` <= `t18`.`hi1`
            )
          ),
          FALSE
        ) AS `covered`,
        `t29`.`channel`,
        `t29`.`own`
      FROM (
        SELECT
          IF(pos = pos_2, `p`, NULL) AS `p`
        FROM (
          SELECT
            MIN(`t16`.`lo`) AS `lo`,
            MAX(`t16`.`hi`) AS `hi`
          FROM (
            SELECT
              *
            FROM `t7` AS `t8`
            UNION ALL
            SELECT
              *
            FROM `t14` AS `t15`
          ) AS `t16`
        ) AS `t19`
        CROSS JOIN UNNEST(GENERATE_ARRAY(
          0,
          GREATEST(
            ARRAY_LENGTH(
              IF(
                NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
                  `t19`.`hi` + 1
                ) - `t19`.`lo`),
                ARRAY(
                  SELECT
                    ibis_bq_arr_range_1
                  FROM UNNEST(GENERATE_ARRAY(`t19`.`lo`, `t19`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                  WHERE
                    ibis_bq_arr_range_1 <> (
                      `t19`.`hi` + 1
                    )
                ),
                []
              )
            )
          ) - 1
        )) AS pos
        CROSS JOIN UNNEST(IF(
          NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
            `t19`.`hi` + 1
          ) - `t19`.`lo`),
          ARRAY(
            SELECT
              ibis_bq_arr_range_1
            FROM UNNEST(GENERATE_ARRAY(`t19`.`lo`, `t19`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
            WHERE
              ibis_bq_arr_range_1 <> (
                `t19`.`hi` + 1
              )
          ),
          []
        )) AS `p` WITH OFFSET AS pos_2
        WHERE
          pos = pos_2
          OR (
            pos > (
              ARRAY_LENGTH(
                IF(
                  NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
                    `t19`.`hi` + 1
                  ) - `t19`.`lo`),
                  ARRAY(
                    SELECT
                      ibis_bq_arr_range_1
                    FROM UNNEST(GENERATE_ARRAY(`t19`.`lo`, `t19`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                    WHERE
                      ibis_bq_arr_range_1 <> (
                        `t19`.`hi` + 1
                      )
                  ),
                  []
                )
              ) - 1
            )
            AND pos_2 = (
              ARRAY_LENGTH(
                IF(
                  NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
                    `t19`.`hi` + 1
                  ) - `t19`.`lo`),
                  ARRAY(
                    SELECT
                      ibis_bq_arr_range_1
                    FROM UNNEST(GENERATE_ARRAY(`t19`.`lo`, `t19`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                    WHERE
                      ibis_bq_arr_range_1 <> (
                        `t19`.`hi` + 1
                      )
                  ),
                  []
                )
              ) - 1
            )
          )
      ) AS `t21`
      CROSS JOIN (
        SELECT
          `t8`.`lo` AS `lo0`,
          `t8`.`hi` AS `hi0`
        FROM `t7` AS `t8`
      ) AS `t13`
      CROSS JOIN (
        SELECT
          `t15`.`lo` AS `lo1`,
          `t15`.`hi` AS `hi1`
        FROM `t14` AS `t15`
      ) AS `t18`
      CROSS JOIN (
        SELECT
          `t6`.`channel`,
          `t6`.`channel` = MAX(`t6`.`channel`) OVER (
            PARTITION BY IF(
              REGEXP_CONTAINS(`t6`.`channel`, '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'),
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
                                                LOWER(REPLACE(`t6`.`channel`, 'İ', 'i̇')),
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
              LOWER(`t6`.`channel`)
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
          ) AS `t5`
          WHERE
            `t5`.`channel` IS NOT NULL
        ) AS `t6`
      ) AS `t29`
    ) AS `t33`
  ) AS `t35`
  LEFT OUTER JOIN (
    SELECT
      `t25`.`p` AS `p_f`,
      `t25`.`channel` AS `channel_f`,
      `t25`.`cac`,
      `t25`.`marketing`,
      `t25`.`sales`,
      `t25`.`amount`,
      `t25`.`clicks`,
      `t25`.`clicks_n`,
      `t25`.`impressions`,
      `t25`.`impressions_n`
    FROM (
      SELECT
        `t23`.`p`,
        `t23`.`channel`,
        SUM(`t23`.`cac`) AS `cac`,
        SUM(`t23`.`marketing`) AS `marketing`,
        SUM(`t23`.`sales`) AS `sales`,
        SUM(`t23`.`amount`) AS `amount`,
        SUM(`t23`.`clicks`) AS `clicks`,
        SUM(`t23`.`clicks_n`) AS `clicks_n`,
        SUM(`t23`.`impressions`) AS `impressions`,
        SUM(`t23`.`impressions_n`) AS `impressions_n`
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
                REGEXP_CONTAINS(
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
                REGEXP_CONTAINS(
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
                REGEXP_CONTAINS(
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
                REGEXP_CONTAINS(
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
                REGEXP_CONTAINS(
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
                REGEXP_CONTAINS(
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
          CAST(IF(COALESCE(`t0`.`clicks` IS NOT NULL, FALSE), 1, 0) AS FLOAT64) AS `clicks_n`,
          COALESCE(`t0`.`impressions`, 0) AS `impressions`,
          CAST(IF(COALESCE(`t0`.`impressions` IS NOT NULL, FALSE), 1, 0) AS FLOAT64) AS `impressions_n`,
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
      ) AS `t23`
      GROUP BY
        1,
        2
    ) AS `t25`
    WHERE
      `t25`.`channel` IS NOT NULL
  ) AS `t32`
    ON `t35`.`p` = `t32`.`p_f` AND `t35`.`channel` = `t32`.`channel_f`
  LEFT OUTER JOIN (
    SELECT
      `t26`.`p` AS `p_o`,
      `t26`.`key` AS `key_o`,
      `t26`.`new`
    FROM (
      SELECT
        `t24`.`p`,
        `t24`.`key`,
        COUNT(*) AS `new`
      FROM (
        SELECT
          *
        FROM (
          SELECT
            `t1`.`customer_id`,
            `t1`.`acquired_date`,
            `t1`.`acquisition_channel`,
            `t1`.`marketing_originated`,
            `t1`.`churned_date`,
            (
              (
                (
                  EXTRACT(year FROM `t1`.`acquired_date`) - 1970
                ) * 12
              ) + EXTRACT(month FROM `t1`.`acquired_date`)
            ) - 1 AS `p`,
            IF(
              REGEXP_CONTAINS(
                IF(
                  REGEXP_REPLACE(
                    `t1`.`acquisition_channel`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  ) = '',
                  CAST(NULL AS STRING),
                  REGEXP_REPLACE(
                    `t1`.`acquisition_channel`,
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
                                                        `t1`.`acquisition_channel`,
                                                        '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                                                        ''
                                                      ) = '',
                                                      CAST(NULL AS STRING),
                                                      REGEXP_REPLACE(
                                                        `t1`.`acquisition_channel`,
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
                    `t1`.`acquisition_channel`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  ) = '',
                  CAST(NULL AS STRING),
                  REGEXP_REPLACE(
                    `t1`.`acquisition_channel`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  )
                )
              )
            ) AS `key`
          FROM `customers` AS `t1`
          WHERE
            `t1`.`acquired_date` IS NOT NULL
        ) AS `t22`
        WHERE
          `t22`.`key` IS NOT NULL
      ) AS `t24`
      GROUP BY
        1,
        2
    ) AS `t26`
  ) AS `t31`
    ON `t35`.`p` = `t31`.`p_o` AND `t35`.`key` = `t31`.`key_o` AND `t35`.`own`
) AS `t36`
ORDER BY
  `t36`.`p` ASC NULLS LAST,
  `t36`.`channel` ASC NULLS LAST;
