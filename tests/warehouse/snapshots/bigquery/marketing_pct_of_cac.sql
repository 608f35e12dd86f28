-- xlkpi marketing_pct_of_cac: Marketing % of CAC, per month, options: defaults; bigquery SQL
WITH `t2` AS (
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
  `t14`.`p` AS `period`,
  '' AS `segment`,
  IF(
    `t14`.`covered`,
    ieee_divide(`t14`.`marketing`, NULLIF(`t14`.`marketing` + `t14`.`sales`, 0)),
    CAST(NULL AS FLOAT64)
  ) AS `value`
FROM (
  SELECT
    `t8`.`p`,
    COALESCE(
      TRUE
      AND (
        (
          `t8`.`p` >= `t5`.`lo0`
        ) AND (
          `t8`.`p` <= `t5`.`hi0`
        )
      ),
      FALSE
    ) AS `covered`,
    COALESCE(`t13`.`cac`, 0) AS `cac`,
    COALESCE(`t13`.`marketing`, 0) AS `marketing`,
    COALESCE(`t13`.`sales`, 0) AS `sales`,
    COALESCE(`t13`.`amount`, 0) AS `amount`,
    COALESCE(`t13`.`clicks`, 0) AS `clicks`,
    COALESCE(`t13`.`clicks_n`, 0) AS `clicks_n`,
    COALESCE(`t13`.`impressions`, 0) AS `impressions`,
    COALESCE(`t13`.`impressions_n`, 0) AS `impressions_n`
  FROM (
    SELECT
      IF(pos = pos_2, `p`, NULL) AS `p`
    FROM (
      SELECT
        MIN(`t3`.`lo`) AS `lo`,
        MAX(`t3`.`hi`) AS `hi`
      FROM `t2` AS `t3`
    ) AS `t6`
    CROSS JOIN UNNEST(GENERATE_ARRAY(
      0,
      GREATEST(
        ARRAY_LENGTH(
          IF(
            NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
              `t6`.`hi` + 1
            ) - `t6`.`lo`),
            ARRAY(
              SELECT
                ibis_bq_arr_range_1
              FROM UNNEST(GENERATE_ARRAY(`t6`.`lo`, `t6`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
              WHERE
                ibis_bq_arr_range_1 <> (
                  `t6`.`hi` + 1
                )
            ),
            []
          )
        )
      ) - 1
    )) AS pos
    CROSS JOIN UNNEST(IF(
      NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
        `t6`.`hi` + 1
      ) - `t6`.`lo`),
      ARRAY(
        SELECT
          ibis_bq_arr_range_1
        FROM UNNEST(GENERATE_ARRAY(`t6`.`lo`, `t6`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
        WHERE
          ibis_bq_arr_range_1 <> (
            `t6`.`hi` + 1
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
                `t6`.`hi` + 1
              ) - `t6`.`lo`),
              ARRAY(
                SELECT
                  ibis_bq_arr_range_1
                FROM UNNEST(GENERATE_ARRAY(`t6`.`lo`, `t6`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                WHERE
                  ibis_bq_arr_range_1 <> (
                    `t6`.`hi` + 1
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
                `t6`.`hi` + 1
              ) - `t6`.`lo`),
              ARRAY(
                SELECT
                  ibis_bq_arr_range_1
                FROM UNNEST(GENERATE_ARRAY(`t6`.`lo`, `t6`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                WHERE
                  ibis_bq_arr_range_1 <> (
                    `t6`.`hi` + 1
                  )
              ),
              []
            )
          ) - 1
        )
      )
  ) AS `t8`
  CROSS JOIN (
    SELECT
      `t3`.`lo` AS `lo0`,
      `t3`.`hi` AS `hi0`
    FROM `t2` AS `t3`
  ) AS `t5`
  LEFT OUTER JOIN (
    SELECT
      `t11`.`p` AS `p_fact`,
      `t11`.`cac`,
      `t11`.`marketing`,
      `t11`.`sales`,
      `t11`.`amount`,
      `t11`.`clicks`,
      `t11`.`clicks_n`,
      `t11`.`impressions`,
      `t11`.`impressions_n`
    FROM (
      SELECT
        `t10`.`p`,
        SUM(`t10`.`cac`) AS `cac`,
        SUM(`t10`.`marketing`) AS `marketing`,
        SUM(`t10`.`sales`) AS `sales`,
        SUM(`t10`.`amount`) AS `amount`,
        SUM(`t10`.`clicks`) AS `clicks`,
        SUM(`t10`.`clicks_n`) AS `clicks_n`,
        SUM(`t10`.`impressions`) AS `impressions`,
        SUM(`t10`.`impressions_n`) AS `impressions_n`
      FROM (
        SELECT
          `t9`.`p`,
          `t9`.`channel`,
          SUM(`t9`.`cac`) AS `cac`,
          SUM(`t9`.`marketing`) AS `marketing`,
          SUM(`t9`.`sales`) AS `sales`,
          SUM(`t9`.`amount`) AS `amount`,
          SUM(`t9`.`clicks`) AS `clicks`,
          SUM(`t9`.`clicks_n`) AS `clicks_n`,
          SUM(`t9`.`impressions`) AS `impressions`,
          SUM(`t9`.`impressions_n`) AS `impressions_n`
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
        ) AS `t9`
        GROUP BY
          1,
          2
      ) AS `t10`
      GROUP BY
        1
    ) AS `t11`
  ) AS `t13`
    ON `t8`.`p` = `t13`.`p_fact`
) AS `t14`
ORDER BY
  `t14`.`p` ASC NULLS LAST;
