-- xlkpi roas: Return on ad spend, per month, options: defaults; bigquery SQL
WITH `t9` AS (
  SELECT
    MIN(
      (
        (
          (
            EXTRACT(year FROM `t2`.`date`) - 1970
          ) * 12
        ) + EXTRACT(month FROM `t2`.`date`)
      ) - 1
    ) AS `lo`,
    MAX(
      (
        (
          (
            EXTRACT(year FROM `t2`.`date`) - 1970
          ) * 12
        ) + EXTRACT(month FROM `t2`.`date`)
      ) - 1
    ) AS `hi`
  FROM (
    SELECT
      *
    FROM `spend` AS `t0`
    WHERE
      `t0`.`date` IS NOT NULL
  ) AS `t2`
), `t11` AS (
  SELECT
    MIN(
      (
        (
          (
            EXTRACT(year FROM `t3`.`order_date`) - 1970
          ) * 12
        ) + EXTRACT(month FROM `t3`.`order_date`)
      ) - 1
    ) AS `lo`,
    MAX(
      (
        (
          (
            EXTRACT(year FROM `t3`.`order_date`) - 1970
          ) * 12
        ) + EXTRACT(month FROM `t3`.`order_date`)
      ) - 1
    ) AS `hi`
  FROM (
    SELECT
      *
    FROM `orders` AS `t1`
    WHERE
      `t1`.`order_date` IS NOT NULL
  ) AS `t3`
)
SELECT
  `t30`.`p` AS `period`,
  `t30`.`channel` AS `segment`,
  IF(
    `t30`.`covered`,
    ieee_divide(`t30`.`revenue`, NULLIF(`t30`.`amount`, 0)),
    CAST(NULL AS FLOAT64)
  ) AS `value`
FROM (
  SELECT
    `t29`.`p`,
    `t29`.`covered`,
    `t29`.`channel`,
    `t29`.`key`,
    COALESCE(`t22`.`cac`, 0) AS `cac`,
    COALESCE(`t22`.`marketing`, 0) AS `marketing`,
    COALESCE(`t22`.`sales`, 0) AS `sales`,
    COALESCE(`t22`.`amount`, 0) AS `amount`,
    COALESCE(`t22`.`clicks`, 0) AS `clicks`,
    COALESCE(`t22`.`clicks_n`, 0) AS `clicks_n`,
    COALESCE(`t22`.`impressions`, 0) AS `impressions`,
    COALESCE(`t22`.`impressions_n`, 0) AS `impressions_n`,
    COALESCE(`t20`.`revenue`, 0) AS `revenue`
  FROM (
    SELECT
      `t27`.`p`,
      `t27`.`covered`,
      `t27`.`channel`,
      LOWER(`t27`.`channel`) AS `key`
    FROM (
      SELECT
        `t26`.`p`,
        COALESCE(
          TRUE
          AND (
            (
              `t26`.`p` >= `t21`.`lo0`
            ) AND (
              `t26`.`p` <= `t21`.`hi0`
            )
          )
          AND (
            (
              `t26`.`p` >= `t23`.`lo1`
            ) AND (
              `t26`.`p` <= `t23`.`hi1`
            )
          ),
          FALSE
        ) AS `covered`,
        `t8`.`channel`
      FROM (
        SELECT
          IF(pos = pos_2, `p`, NULL) AS `p`
        FROM (
          SELECT
            MIN(`t15`.`lo`) AS `lo`,
            MAX(`t15`.`hi`) AS `hi`
          FROM (
            SELECT
              *
            FROM `t9` AS `t13`
            UNION ALL
            SELECT
              *
            FROM `t11` AS `t14`
          ) AS `t15`
        ) AS `t24`
        CROSS JOIN UNNEST(GENERATE_ARRAY(
          0,
          GREATEST(
            ARRAY_LENGTH(
              IF(
                NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
                  `t24`.`hi` + 1
                ) - `t24`.`lo`),
                ARRAY(
                  SELECT
                    ibis_bq_arr_range_1
                  FROM UNNEST(GENERATE_ARRAY(`t24`.`lo`, `t24`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                  WHERE
                    ibis_bq_arr_range_1 <> (
                      `t24`.`hi` + 1
                    )
                ),
                []
              )
            )
          ) - 1
        )) AS pos
        CROSS JOIN UNNEST(IF(
          NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
            `t24`.`hi` + 1
          ) - `t24`.`lo`),
          ARRAY(
            SELECT
              ibis_bq_arr_range_1
            FROM UNNEST(GENERATE_ARRAY(`t24`.`lo`, `t24`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
            WHERE
              ibis_bq_arr_range_1 <> (
                `t24`.`hi` + 1
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
                    `t24`.`hi` + 1
                  ) - `t24`.`lo`),
                  ARRAY(
                    SELECT
                      ibis_bq_arr_range_1
                    FROM UNNEST(GENERATE_ARRAY(`t24`.`lo`, `t24`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                    WHERE
                      ibis_bq_arr_range_1 <> (
                        `t24`.`hi` + 1
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
                    `t24`.`hi` + 1
                  ) - `t24`.`lo`),
                  ARRAY(
                    SELECT
                      ibis_bq_arr_range_1
                    FROM UNNEST(GENERATE_ARRAY(`t24`.`lo`, `t24`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                    WHERE
                      ibis_bq_arr_range_1 <> (
                        `t24`.`hi` + 1
                      )
                  ),
                  []
                )
              ) - 1
            )
          )
      ) AS `t26`
      CROSS JOIN (
        SELECT
          `t13`.`lo` AS `lo0`,
          `t13`.`hi` AS `hi0`
        FROM `t9` AS `t13`
      ) AS `t21`
      CROSS JOIN (
        SELECT
          `t14`.`lo` AS `lo1`,
          `t14`.`hi` AS `hi1`
        FROM `t11` AS `t14`
      ) AS `t23`
      CROSS JOIN (
        SELECT DISTINCT
          *
        FROM (
          SELECT
            IF(
              TRIM(`t0`.`channel`, ' \t\n\r\v\f') = '',
              CAST(NULL AS STRING),
              TRIM(`t0`.`channel`, ' \t\n\r\v\f')
            ) AS `channel`
          FROM `spend` AS `t0`
          WHERE
            `t0`.`date` IS NOT NULL
        ) AS `t4`
        WHERE
          `t4`.`channel` IS NOT NULL
      ) AS `t8`
    ) AS `t27`
  ) AS `t29`
  LEFT OUTER JOIN (
    SELECT
      `t10`.`p` AS `p_f`,
      `t10`.`channel` AS `channel_f`,
      `t10`.`cac`,
      `t10`.`marketing`,
      `t10`.`sales`,
      `t10`.`amount`,
      `t10`.`clicks`,
      `t10`.`clicks_n`,
      `t10`.`impressions`,
      `t10`.`impressions_n`
    FROM (
      SELECT
        `t7`.`p`,
        `t7`.`channel`,
        SUM(`t7`.`cac`) AS `cac`,
        SUM(`t7`.`marketing`) AS `marketing`,
        SUM(`t7`.`sales`) AS `sales`,
        SUM(`t7`.`amount`) AS `amount`,
        SUM(`t7`.`clicks`) AS `clicks`,
        SUM(`t7`.`clicks_n`) AS `clicks_n`,
        SUM(`t7`.`impressions`) AS `impressions`,
        SUM(`t7`.`impressions_n`) AS `impressions_n`
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
      ) AS `t7`
      GROUP BY
        1,
        2
    ) AS `t10`
    WHERE
      `t10`.`channel` IS NOT NULL
  ) AS `t22`
    ON `t29`.`p` = `t22`.`p_f` AND `t29`.`channel` = `t22`.`channel_f`
  LEFT OUTER JOIN (
    SELECT
      `t12`.`p` AS `p_o`,
      `t12`.`key` AS `key_o`,
      `t12`.`revenue`
    FROM (
      SELECT
        `t5`.`p`,
        `t5`.`key`,
        SUM(COALESCE(`t5`.`revenue`, 0)) AS `revenue`
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
          LOWER(
            IF(
              TRIM(`t1`.`channel`, ' \t\n\r\v\f') = '',
              CAST(NULL AS STRING),
              TRIM(`t1`.`channel`, ' \t\n\r\v\f')
            )
          ) AS `key`
        FROM `orders` AS `t1`
        WHERE
          `t1`.`order_date` IS NOT NULL
          AND (
            (
              LOWER(TRIM(`t1`.`status`, ' \t\n\r\v\f')) IS NULL
            )
            OR LOWER(TRIM(`t1`.`status`, ' \t\n\r\v\f')) IN ('', 'paid')
          )
          AND LOWER(
            IF(
              TRIM(`t1`.`channel`, ' \t\n\r\v\f') = '',
              CAST(NULL AS STRING),
              TRIM(`t1`.`channel`, ' \t\n\r\v\f')
            )
          ) IS NOT NULL
      ) AS `t5`
      GROUP BY
        1,
        2
    ) AS `t12`
  ) AS `t20`
    ON `t29`.`p` = `t20`.`p_o` AND `t29`.`key` = `t20`.`key_o`
) AS `t30`
ORDER BY
  `t30`.`p` ASC NULLS LAST,
  `t30`.`channel` ASC NULLS LAST;
