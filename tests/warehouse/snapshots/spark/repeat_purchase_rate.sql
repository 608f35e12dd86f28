-- xlkpi repeat_purchase_rate: Repeat purchase rate, per month, options: defaults; Spark SQL (Ibis' Databricks compiler: pyspark is not installed)
WITH `t2` AS (
  SELECT
    (
      (
        (
          EXTRACT(year FROM MIN(`t1`.`order_date`)) - 1970
        ) * 12
      ) + EXTRACT(month FROM MIN(`t1`.`order_date`))
    ) - 1 AS `lo`,
    (
      (
        (
          EXTRACT(year FROM MAX(`t1`.`order_date`)) - 1970
        ) * 12
      ) + EXTRACT(month FROM MAX(`t1`.`order_date`))
    ) - 1 AS `hi`
  FROM (
    SELECT
      *
    FROM `orders` AS `t0`
    WHERE
      `t0`.`order_date` IS NOT NULL
  ) AS `t1`
), `t13` AS (
  SELECT
    `t12`.`customer_id`,
    MIN(`t12`.`p`) AS `first`,
    MIN(
      IF(
        (
          (
            `t12`.`rank` = 0
          ) AND (
            `t12`.`n` >= 2
          )
        )
        OR (
          `t12`.`rank` = 1
        ),
        `t12`.`p`,
        CAST(NULL AS BIGINT)
      )
    ) AS `second`
  FROM (
    SELECT
      `t11`.`customer_id`,
      `t11`.`key` AS `p`,
      `t11`.`n`,
      `t11`.`rank`
    FROM (
      SELECT
        `t10`.`customer_id`,
        `t10`.`key`,
        `t10`.`n`,
        `t10`.`revenue`,
        `t10`.`blank`,
        ROW_NUMBER() OVER (PARTITION BY `t10`.`customer_id` ORDER BY `t10`.`key` ASC NULLS LAST) - 1 AS `rank`,
        LAG(`t10`.`key`) OVER (PARTITION BY `t10`.`customer_id` ORDER BY `t10`.`key` ASC NULLS LAST) AS `prev`
      FROM (
        SELECT
          `t9`.`customer_id`,
          `t9`.`key`,
          COUNT(*) AS `n`,
          SUM(`t9`.`revenue`) AS `revenue`,
          SUM(IF(COALESCE(`t9`.`revenue` IS NULL OR ISNAN(`t9`.`revenue`), FALSE), 1, 0)) AS `blank`
        FROM (
          SELECT
            `t0`.`order_id`,
            `t0`.`order_date`,
            `t0`.`customer_id`,
            `t0`.`revenue`,
            `t0`.`cost`,
            `t0`.`status`,
            `t0`.`channel`,
            `t0`.`device`,
            (
              (
                (
                  EXTRACT(year FROM `t0`.`order_date`) - 1970
                ) * 12
              ) + EXTRACT(month FROM `t0`.`order_date`)
            ) - 1 AS `p`,
            (
              (
                (
                  EXTRACT(year FROM `t0`.`order_date`) - 1970
                ) * 12
              ) + EXTRACT(month FROM `t0`.`order_date`)
            ) - 1 AS `key`
          FROM `orders` AS `t0`
          WHERE
            `t0`.`order_date` IS NOT NULL
            AND (
              (
                IF(
                  REGEXP_LIKE(
                    REGEXP_REPLACE(
                      `t0`.`status`,
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
                                                          `t0`.`status`,
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
                      `t0`.`status`,
                      '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                      ''
                    )
                  )
                ) IS NULL
              )
              OR IF(
                REGEXP_LIKE(
                  REGEXP_REPLACE(
                    `t0`.`status`,
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
                                                        `t0`.`status`,
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
                    `t0`.`status`,
                    '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
                    ''
                  )
                )
              ) IN ('', 'paid')
            )
            AND `t0`.`customer_id` IS NOT NULL
        ) AS `t9`
        GROUP BY
          1,
          2
      ) AS `t10`
    ) AS `t11`
  ) AS `t12`
  GROUP BY
    1
)
SELECT
  `t23`.`p` AS `period`,
  '' AS `segment`,
  IF(
    `t23`.`covered`,
    TRY_DIVIDE(CAST(`t23`.`twice` AS DOUBLE), NULLIF(CAST(`t23`.`once` AS DOUBLE), 0)),
    CAST(NULL AS DOUBLE)
  ) AS `value`
FROM (
  SELECT
    `t22`.`p`,
    `t22`.`covered`,
    SUM(`t22`.`once`) OVER (
      ORDER BY `t22`.`p` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `once`,
    SUM(`t22`.`twice`) OVER (
      ORDER BY `t22`.`p` ASC NULLS LAST
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    ) AS `twice`
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
      COALESCE(`t18`.`once`, 0) AS `once`,
      COALESCE(`t21`.`twice`, 0) AS `twice`
    FROM (
      SELECT
        EXPLODE(
          IF(
            (
              1 <> 0
            ) AND (
              SIGN(1) = SIGN((
                `t6`.`hi` + 1
              ) - `t6`.`lo`)
            ),
            IF(
              ELEMENT_AT(SEQUENCE(`t6`.`lo`, `t6`.`hi` + 1, 1), SIZE(SEQUENCE(`t6`.`lo`, `t6`.`hi` + 1, 1))) = (
                `t6`.`hi` + 1
              ),
              SLICE(
                SEQUENCE(`t6`.`lo`, `t6`.`hi` + 1, 1),
                1,
                SIZE(SEQUENCE(`t6`.`lo`, `t6`.`hi` + 1, 1)) - 1
              ),
              SEQUENCE(`t6`.`lo`, `t6`.`hi` + 1, 1)
            ),
            ARRAY()
          )
        ) AS `p`
      FROM (
        SELECT
          MIN(`t3`.`lo`) AS `lo`,
          MAX(`t3`.`hi`) AS `hi`
        FROM `t2` AS `t3`
      ) AS `t6`
    ) AS `t8`
    CROSS JOIN (
      SELECT
        `t3`.`lo` AS `lo0`,
        `t3`.`hi` AS `hi0`
      FROM `t2` AS `t3`
    ) AS `t5`
    LEFT OUTER JOIN (
      SELECT
        `t15`.`p` AS `p_fact`,
        `t15`.`once`
      FROM (
        SELECT
          `t14`.`first` AS `p`,
          COUNT(*) AS `once`
        FROM `t13` AS `t14`
        GROUP BY
          1
      ) AS `t15`
    ) AS `t18`
      ON `t8`.`p` = `t18`.`p_fact`
    LEFT OUTER JOIN (
      SELECT
        `t19`.`p` AS `p_fact`,
        `t19`.`twice`
      FROM (
        SELECT
          `t16`.`second` AS `p`,
          COUNT(*) AS `twice`
        FROM (
          SELECT
            *
          FROM `t13` AS `t14`
          WHERE
            `t14`.`second` IS NOT NULL
        ) AS `t16`
        GROUP BY
          1
      ) AS `t19`
    ) AS `t21`
      ON `t8`.`p` = `t21`.`p_fact`
  ) AS `t22`
) AS `t23`
ORDER BY
  `t23`.`p` ASC NULLS LAST;
