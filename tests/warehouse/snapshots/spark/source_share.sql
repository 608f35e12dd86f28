-- xlkpi source_share: Traffic source share, per month, options: defaults; Spark SQL (Ibis' Databricks compiler: pyspark is not installed)
WITH `t3` AS (
  SELECT
    (
      (
        (
          EXTRACT(year FROM MIN(`t1`.`session_date`)) - 1970
        ) * 12
      ) + EXTRACT(month FROM MIN(`t1`.`session_date`))
    ) - 1 AS `lo`,
    (
      (
        (
          EXTRACT(year FROM MAX(`t1`.`session_date`)) - 1970
        ) * 12
      ) + EXTRACT(month FROM MAX(`t1`.`session_date`))
    ) - 1 AS `hi`
  FROM (
    SELECT
      *
    FROM `sessions` AS `t0`
    WHERE
      `t0`.`session_date` IS NOT NULL
  ) AS `t1`
), `t13` AS (
  SELECT
    `t0`.`session_date`,
    `t0`.`visitor_id`,
    `t0`.`pageviews`,
    `t0`.`device`,
    `t0`.`source`,
    `t0`.`converted`,
    `t0`.`micro_converted`,
    `t0`.`email_optin`,
    `t0`.`duration_seconds`,
    (
      (
        (
          EXTRACT(year FROM `t0`.`session_date`) - 1970
        ) * 12
      ) + EXTRACT(month FROM `t0`.`session_date`)
    ) - 1 AS `p`,
    IF(
      REGEXP_LIKE(
        REGEXP_REPLACE(
          `t0`.`source`,
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
                                              `t0`.`source`,
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
          `t0`.`source`,
          '^[\t\n\v\f\r                  　]+|[\t\n\v\f\r                  　]+$',
          ''
        )
      )
    ) AS `segment`
  FROM `sessions` AS `t0`
  WHERE
    `t0`.`session_date` IS NOT NULL
)
SELECT
  `t21`.`p` AS `period`,
  `t21`.`segment`,
  IF(`t21`.`covered`, `t21`.`value`, CAST(NULL AS DOUBLE)) AS `value`
FROM (
  SELECT
    `t12`.`p`,
    COALESCE(
      TRUE
      AND (
        (
          `t12`.`p` >= `t6`.`lo0`
        ) AND (
          `t12`.`p` <= `t6`.`hi0`
        )
      ),
      FALSE
    ) AS `covered`,
    `t17`.`segment`,
    TRY_DIVIDE(
      CAST(COALESCE(`t20`.`part`, 0) AS DOUBLE),
      NULLIF(CAST(COALESCE(`t10`.`sessions`, 0) AS DOUBLE), 0)
    ) AS `value`
  FROM (
    SELECT
      EXPLODE(
        IF(
          (
            1 <> 0
          ) AND (
            SIGN(1) = SIGN((
              `t7`.`hi` + 1
            ) - `t7`.`lo`)
          ),
          IF(
            ELEMENT_AT(SEQUENCE(`t7`.`lo`, `t7`.`hi` + 1, 1), SIZE(SEQUENCE(`t7`.`lo`, `t7`.`hi` + 1, 1))) = (
              `t7`.`hi` + 1
            ),
            SLICE(
              SEQUENCE(`t7`.`lo`, `t7`.`hi` + 1, 1),
              1,
              SIZE(SEQUENCE(`t7`.`lo`, `t7`.`hi` + 1, 1)) - 1
            ),
            SEQUENCE(`t7`.`lo`, `t7`.`hi` + 1, 1)
          ),
          ARRAY()
        )
      ) AS `p`
    FROM (
      SELECT
        MIN(`t4`.`lo`) AS `lo`,
        MAX(`t4`.`hi`) AS `hi`
      FROM `t3` AS `t4`
    ) AS `t7`
  ) AS `t12`
  CROSS JOIN (
    SELECT
      `t4`.`lo` AS `lo0`,
      `t4`.`hi` AS `hi0`
    FROM `t3` AS `t4`
  ) AS `t6`
  LEFT OUTER JOIN (
    SELECT
      `t8`.`p` AS `p_fact`,
      `t8`.`sessions`,
      `t8`.`bounced`,
      `t8`.`engaged`,
      `t8`.`converted`,
      `t8`.`micro`
    FROM (
      SELECT
        `t2`.`p`,
        COUNT(*) AS `sessions`,
        SUM(IF(COALESCE(`t2`.`pageviews` = 1, FALSE), 1, 0)) AS `bounced`,
        SUM(
          IF(
            COALESCE(
              (
                COALESCE(`t2`.`duration_seconds`, 0) > 10.0
              )
              OR (
                `t2`.`pageviews` >= 2
              )
              OR COALESCE(`t2`.`converted`, FALSE),
              FALSE
            ),
            1,
            0
          )
        ) AS `engaged`,
        SUM(IF(COALESCE(COALESCE(`t2`.`converted`, FALSE), FALSE), 1, 0)) AS `converted`,
        SUM(IF(COALESCE(COALESCE(`t2`.`micro_converted`, FALSE), FALSE), 1, 0)) AS `micro`
      FROM (
        SELECT
          `t0`.`session_date`,
          `t0`.`visitor_id`,
          `t0`.`pageviews`,
          `t0`.`device`,
          `t0`.`source`,
          `t0`.`converted`,
          `t0`.`micro_converted`,
          `t0`.`email_optin`,
          `t0`.`duration_seconds`,
          (
            (
              (
                EXTRACT(year FROM `t0`.`session_date`) - 1970
              ) * 12
            ) + EXTRACT(month FROM `t0`.`session_date`)
          ) - 1 AS `p`
        FROM `sessions` AS `t0`
        WHERE
          `t0`.`session_date` IS NOT NULL
      ) AS `t2`
      GROUP BY
        1
    ) AS `t8`
  ) AS `t10`
    ON `t12`.`p` = `t10`.`p_fact`
  CROSS JOIN (
    SELECT DISTINCT
      `t14`.`segment`
    FROM `t13` AS `t14`
    WHERE
      `t14`.`segment` IS NOT NULL AND `t14`.`segment` <> ''
  ) AS `t17`
  LEFT OUTER JOIN (
    SELECT
      `t18`.`p` AS `p_part`,
      `t18`.`segment` AS `segment_part`,
      `t18`.`part`
    FROM (
      SELECT
        `t16`.`p`,
        `t16`.`segment`,
        COUNT(*) AS `part`
      FROM (
        SELECT
          *
        FROM `t13` AS `t14`
        WHERE
          `t14`.`segment` IS NOT NULL AND `t14`.`segment` <> ''
      ) AS `t16`
      GROUP BY
        1,
        2
    ) AS `t18`
  ) AS `t20`
    ON `t12`.`p` = `t20`.`p_part` AND `t17`.`segment` = `t20`.`segment_part`
) AS `t21`
ORDER BY
  `t21`.`p` ASC NULLS LAST,
  `t21`.`segment` ASC NULLS LAST;
