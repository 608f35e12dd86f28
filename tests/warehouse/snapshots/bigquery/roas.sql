-- xlkpi roas: Return on ad spend, per month, options: defaults; bigquery SQL
WITH `t8` AS (
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
), `t10` AS (
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
  `t31`.`p` AS `period`,
  `t31`.`channel` AS `segment`,
  IF(
    `t31`.`covered`,
    ieee_divide(`t31`.`revenue`, NULLIF(`t31`.`amount`, 0)),
    CAST(NULL AS FLOAT64)
  ) AS `value`
FROM (
  SELECT
    `t30`.`p`,
    `t30`.`covered`,
    `t30`.`channel`,
    `t30`.`own`,
    `t30`.`key`,
    COALESCE(`t23`.`cac`, 0) AS `cac`,
    COALESCE(`t23`.`marketing`, 0) AS `marketing`,
    COALESCE(`t23`.`sales`, 0) AS `sales`,
    COALESCE(`t23`.`amount`, 0) AS `amount`,
    COALESCE(`t23`.`clicks`, 0) AS `clicks`,
    COALESCE(`t23`.`clicks_n`, 0) AS `clicks_n`,
    COALESCE(`t23`.`impressions`, 0) AS `impressions`,
    COALESCE(`t23`.`impressions_n`, 0) AS `impressions_n`,
    COALESCE(`t21`.`revenue`, 0) AS `revenue`
  FROM (
    SELECT
      `t28`.`p`,
      `t28`.`covered`,
      `t28`.`channel`,
      `t28`.`own`,
      LOWER(`t28`.`channel`) AS `key`
    FROM (
      SELECT
        `t27`.`p`,
        COALESCE(
          TRUE
          AND (
            (
              `t27`.`p` >= `t22`.`lo0`
            ) AND (
              `t27`.`p` <= `t22`.`hi0`
            )
          )
          AND (
            (
              `t27`.`p` >= `t24`.`lo1`
            ) AND (
              `t27`.`p` <= `t24`.`hi1`
            )
          ),
          FALSE
        ) AS `covered`,
        `t18`.`channel`,
        `t18`.`own`
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
            FROM `t8` AS `t12`
            UNION ALL
            SELECT
              *
            FROM `t10` AS `t13`
          ) AS `t15`
        ) AS `t25`
        CROSS JOIN UNNEST(GENERATE_ARRAY(
          0,
          GREATEST(
            ARRAY_LENGTH(
              IF(
                NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
                  `t25`.`hi` + 1
                ) - `t25`.`lo`),
                ARRAY(
                  SELECT
                    ibis_bq_arr_range_1
                  FROM UNNEST(GENERATE_ARRAY(`t25`.`lo`, `t25`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                  WHERE
                    ibis_bq_arr_range_1 <> (
                      `t25`.`hi` + 1
                    )
                ),
                []
              )
            )
          ) - 1
        )) AS pos
        CROSS JOIN UNNEST(IF(
          NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
            `t25`.`hi` + 1
          ) - `t25`.`lo`),
          ARRAY(
            SELECT
              ibis_bq_arr_range_1
            FROM UNNEST(GENERATE_ARRAY(`t25`.`lo`, `t25`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
            WHERE
              ibis_bq_arr_range_1 <> (
                `t25`.`hi` + 1
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
                    `t25`.`hi` + 1
                  ) - `t25`.`lo`),
                  ARRAY(
                    SELECT
                      ibis_bq_arr_range_1
                    FROM UNNEST(GENERATE_ARRAY(`t25`.`lo`, `t25`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                    WHERE
                      ibis_bq_arr_range_1 <> (
                        `t25`.`hi` + 1
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
                    `t25`.`hi` + 1
                  ) - `t25`.`lo`),
                  ARRAY(
                    SELECT
                      ibis_bq_arr_range_1
                    FROM UNNEST(GENERATE_ARRAY(`t25`.`lo`, `t25`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                    WHERE
                      ibis_bq_arr_range_1 <> (
                        `t25`.`hi` + 1
                      )
                  ),
                  []
                )
              ) - 1
            )
          )
      ) AS `t27`
      CROSS JOIN (
        SELECT
          `t12`.`lo` AS `lo0`,
          `t12`.`hi` AS `hi0`
        FROM `t8` AS `t12`
      ) AS `t22`
      CROSS JOIN (
        SELECT
          `t13`.`lo` AS `lo1`,
          `t13`.`hi` AS `hi1`
        FROM `t10` AS `t13`
      ) AS `t24`
      CROSS JOIN (
        SELECT
          `t6`.`channel`,
          `t6`.`channel` = MAX(`t6`.`channel`) OVER (
            PARTITION BY LOWER(`t6`.`channel`)
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) AS `own`
        FROM (
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
        ) AS `t6`
      ) AS `t18`
    ) AS `t28`
  ) AS `t30`
  LEFT OUTER JOIN (
    SELECT
      `t9`.`p` AS `p_f`,
      `t9`.`channel` AS `channel_f`,
      `t9`.`cac`,
      `t9`.`marketing`,
      `t9`.`sales`,
      `t9`.`amount`,
      `t9`.`clicks`,
      `t9`.`clicks_n`,
      `t9`.`impressions`,
      `t9`.`impressions_n`
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
    ) AS `t9`
    WHERE
      `t9`.`channel` IS NOT NULL
  ) AS `t23`
    ON `t30`.`p` = `t23`.`p_f` AND `t30`.`channel` = `t23`.`channel_f`
  LEFT OUTER JOIN (
    SELECT
      `t11`.`p` AS `p_o`,
      `t11`.`key` AS `key_o`,
      `t11`.`revenue`
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
    ) AS `t11`
  ) AS `t21`
    ON `t30`.`p` = `t21`.`p_o` AND `t30`.`key` = `t21`.`key_o` AND `t30`.`own`
) AS `t31`
ORDER BY
  `t31`.`p` ASC NULLS LAST,
  `t31`.`channel` ASC NULLS LAST;
