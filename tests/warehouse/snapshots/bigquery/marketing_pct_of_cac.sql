-- xlkpi marketing_pct_of_cac: Marketing % of CAC, per month, options: defaults; bigquery SQL
WITH `t3` AS (
  SELECT
    MIN(
      (
        (
          (
            EXTRACT(year FROM `t1`.`date`) - 1970
          ) * 12
        ) + EXTRACT(month FROM `t1`.`date`)
      ) - 1
    ) AS `lo`,
    MAX(
      (
        (
          (
            EXTRACT(year FROM `t1`.`date`) - 1970
          ) * 12
        ) + EXTRACT(month FROM `t1`.`date`)
      ) - 1
    ) AS `hi`
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
    `t13`.`p`,
    COALESCE(
      TRUE
      AND (
        (
          `t13`.`p` >= `t8`.`lo0`
        ) AND (
          `t13`.`p` <= `t8`.`hi0`
        )
      ),
      FALSE
    ) AS `covered`,
    COALESCE(`t11`.`cac`, 0) AS `cac`,
    COALESCE(`t11`.`marketing`, 0) AS `marketing`,
    COALESCE(`t11`.`sales`, 0) AS `sales`,
    COALESCE(`t11`.`amount`, 0) AS `amount`,
    COALESCE(`t11`.`clicks`, 0) AS `clicks`,
    COALESCE(`t11`.`clicks_n`, 0) AS `clicks_n`,
    COALESCE(`t11`.`impressions`, 0) AS `impressions`,
    COALESCE(`t11`.`impressions_n`, 0) AS `impressions_n`
  FROM (
    SELECT
      IF(pos = pos_2, `p`, NULL) AS `p`
    FROM (
      SELECT
        MIN(`t5`.`lo`) AS `lo`,
        MAX(`t5`.`hi`) AS `hi`
      FROM `t3` AS `t5`
    ) AS `t9`
    CROSS JOIN UNNEST(GENERATE_ARRAY(
      0,
      GREATEST(
        ARRAY_LENGTH(
          IF(
            NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
              `t9`.`hi` + 1
            ) - `t9`.`lo`),
            ARRAY(
              SELECT
                ibis_bq_arr_range_1
              FROM UNNEST(GENERATE_ARRAY(`t9`.`lo`, `t9`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
              WHERE
                ibis_bq_arr_range_1 <> (
                  `t9`.`hi` + 1
                )
            ),
            []
          )
        )
      ) - 1
    )) AS pos
    CROSS JOIN UNNEST(IF(
      NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
        `t9`.`hi` + 1
      ) - `t9`.`lo`),
      ARRAY(
        SELECT
          ibis_bq_arr_range_1
        FROM UNNEST(GENERATE_ARRAY(`t9`.`lo`, `t9`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
        WHERE
          ibis_bq_arr_range_1 <> (
            `t9`.`hi` + 1
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
                `t9`.`hi` + 1
              ) - `t9`.`lo`),
              ARRAY(
                SELECT
                  ibis_bq_arr_range_1
                FROM UNNEST(GENERATE_ARRAY(`t9`.`lo`, `t9`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                WHERE
                  ibis_bq_arr_range_1 <> (
                    `t9`.`hi` + 1
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
                `t9`.`hi` + 1
              ) - `t9`.`lo`),
              ARRAY(
                SELECT
                  ibis_bq_arr_range_1
                FROM UNNEST(GENERATE_ARRAY(`t9`.`lo`, `t9`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                WHERE
                  ibis_bq_arr_range_1 <> (
                    `t9`.`hi` + 1
                  )
              ),
              []
            )
          ) - 1
        )
      )
  ) AS `t13`
  CROSS JOIN (
    SELECT
      `t5`.`lo` AS `lo0`,
      `t5`.`hi` AS `hi0`
    FROM `t3` AS `t5`
  ) AS `t8`
  LEFT OUTER JOIN (
    SELECT
      `t7`.`p` AS `p_fact`,
      `t7`.`cac`,
      `t7`.`marketing`,
      `t7`.`sales`,
      `t7`.`amount`,
      `t7`.`clicks`,
      `t7`.`clicks_n`,
      `t7`.`impressions`,
      `t7`.`impressions_n`
    FROM (
      SELECT
        `t4`.`p`,
        SUM(`t4`.`cac`) AS `cac`,
        SUM(`t4`.`marketing`) AS `marketing`,
        SUM(`t4`.`sales`) AS `sales`,
        SUM(`t4`.`amount`) AS `amount`,
        SUM(`t4`.`clicks`) AS `clicks`,
        SUM(`t4`.`clicks_n`) AS `clicks_n`,
        SUM(`t4`.`impressions`) AS `impressions`,
        SUM(`t4`.`impressions_n`) AS `impressions_n`
      FROM (
        SELECT
          `t2`.`p`,
          `t2`.`channel`,
          SUM(`t2`.`cac`) AS `cac`,
          SUM(`t2`.`marketing`) AS `marketing`,
          SUM(`t2`.`sales`) AS `sales`,
          SUM(`t2`.`amount`) AS `amount`,
          SUM(`t2`.`clicks`) AS `clicks`,
          SUM(`t2`.`clicks_n`) AS `clicks_n`,
          SUM(`t2`.`impressions`) AS `impressions`,
          SUM(`t2`.`impressions_n`) AS `impressions_n`
        FROM (
          SELECT
            `t0`.`date`,
            IF(
              TRIM(`t0`.`channel`, ' \t\n\r\v\f') = '',
              CAST(NULL AS STRING),
              TRIM(`t0`.`channel`, ' \t\n\r\v\f')
            ) AS `channel`,
            IF(
              COALESCE(LOWER(TRIM(`t0`.`category`, ' \t\n\r\v\f')) = 'marketing', FALSE)
              OR COALESCE(LOWER(TRIM(`t0`.`category`, ' \t\n\r\v\f')) = 'sales', FALSE),
              COALESCE(`t0`.`amount`, 0),
              0.0
            ) AS `cac`,
            IF(
              COALESCE(LOWER(TRIM(`t0`.`category`, ' \t\n\r\v\f')) = 'marketing', FALSE),
              COALESCE(`t0`.`amount`, 0),
              0.0
            ) AS `marketing`,
            IF(
              COALESCE(LOWER(TRIM(`t0`.`category`, ' \t\n\r\v\f')) = 'sales', FALSE),
              COALESCE(`t0`.`amount`, 0),
              0.0
            ) AS `sales`,
            IF(
              COALESCE(LOWER(TRIM(`t0`.`category`, ' \t\n\r\v\f')) = 'marketing', FALSE)
              OR COALESCE(LOWER(TRIM(`t0`.`category`, ' \t\n\r\v\f')) = 'sales', FALSE),
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
        ) AS `t2`
        GROUP BY
          1,
          2
      ) AS `t4`
      GROUP BY
        1
    ) AS `t7`
  ) AS `t11`
    ON `t13`.`p` = `t11`.`p_fact`
) AS `t14`
ORDER BY
  `t14`.`p` ASC NULLS LAST;
