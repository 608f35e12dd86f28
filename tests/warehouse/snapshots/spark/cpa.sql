-- xlkpi cpa: Cost per acquisition, per month, options: defaults; Spark SQL (Ibis' Databricks compiler: pyspark is not installed)
WITH `t3` AS (
  SELECT
    *
  FROM `customers` AS `t1`
  WHERE
    `t1`.`acquired_date` IS NOT NULL
), `t10` AS (
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
), `t24` AS (
  SELECT
    MIN(`t18`.`lo`) AS `lo`,
    MAX(`t18`.`hi`) AS `hi`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        MIN(
          (
            (
              (
                EXTRACT(year FROM `t4`.`acquired_date`) - 1970
              ) * 12
            ) + EXTRACT(month FROM `t4`.`acquired_date`)
          ) - 1
        ) AS `lo`,
        MAX(
          (
            (
              (
                EXTRACT(year FROM `t4`.`acquired_date`) - 1970
              ) * 12
            ) + EXTRACT(month FROM `t4`.`acquired_date`)
          ) - 1
        ) AS `hi`
      FROM `t3` AS `t4`
    ) AS `t14`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        MIN(
          (
            (
              (
                EXTRACT(year FROM `t4`.`churned_date`) - 1970
              ) * 12
            ) + EXTRACT(month FROM `t4`.`churned_date`)
          ) - 1
        ) AS `lo`,
        MAX(
          (
            (
              (
                EXTRACT(year FROM `t4`.`churned_date`) - 1970
              ) * 12
            ) + EXTRACT(month FROM `t4`.`churned_date`)
          ) - 1
        ) AS `hi`
      FROM `t3` AS `t4`
    ) AS `t15`
  ) AS `t18`
)
SELECT
  `t35`.`p` AS `period`,
  `t35`.`channel` AS `segment`,
  IF(
    `t35`.`covered`,
    TRY_DIVIDE(`t35`.`amount`, NULLIF(CAST(`t35`.`new` AS DOUBLE), 0)),
    CAST(NULL AS DOUBLE)
  ) AS `value`
FROM (
  SELECT
    `t34`.`p`,
    `t34`.`covered`,
    `t34`.`channel`,
    `t34`.`own`,
    `t34`.`key`,
    COALESCE(`t23`.`cac`, 0) AS `cac`,
    COALESCE(`t23`.`marketing`, 0) AS `marketing`,
    COALESCE(`t23`.`sales`, 0) AS `sales`,
    COALESCE(`t23`.`amount`, 0) AS `amount`,
    COALESCE(`t23`.`clicks`, 0) AS `clicks`,
    COALESCE(`t23`.`clicks_n`, 0) AS `clicks_n`,
    COALESCE(`t23`.`impressions`, 0) AS `impressions`,
    COALESCE(`t23`.`impressions_n`, 0) AS `impressions_n`,
    COALESCE(`t16`.`new`, 0) AS `new`
  FROM (
    SELECT
      `t32`.`p`,
      `t32`.`covered`,
      `t32`.`channel`,
      `t32`.`own`,
      LOWER(`t32`.`channel`) AS `key`
    FROM (
      SELECT
        `t31`.`p`,
        COALESCE(
          TRUE
          AND (
            (
              `t31`.`p` >= `t22`.`lo0`
            ) AND (
              `t31`.`p` <= `t22`.`hi0`
            )
          )
          AND (
            (
              `t31`.`p` >= `t28`.`lo1`
            ) AND (
              `t31`.`p` <= `t28`.`hi1`
            )
          ),
          FALSE
        ) AS `covered`,
        `t20`.`channel`,
        `t20`.`own`
      FROM (
        SELECT
          EXPLODE(
            IF(
              (
                1 <> 0
              ) AND (
                SIGN(1) = SIGN((
                  `t29`.`hi` + 1
                ) - `t29`.`lo`)
              ),
              IF(
                ELEMENT_AT(
                  SEQUENCE(`t29`.`lo`, `t29`.`hi` + 1, 1),
                  SIZE(SEQUENCE(`t29`.`lo`, `t29`.`hi` + 1, 1))
                ) = (
                  `t29`.`hi` + 1
                ),
                SLICE(
                  SEQUENCE(`t29`.`lo`, `t29`.`hi` + 1, 1),
                  1,
                  SIZE(SEQUENCE(`t29`.`lo`, `t29`.`hi` + 1, 1)) - 1
                ),
                SEQUENCE(`t29`.`lo`, `t29`.`hi` + 1, 1)
              ),
              ARRAY()
            )
          ) AS `p`
        FROM (
          SELECT
            MIN(`t26`.`lo`) AS `lo`,
            MAX(`t26`.`hi`) AS `hi`
          FROM (
            SELECT
              *
            FROM `t10` AS `t13`
            UNION ALL
            SELECT
              *
            FROM `t24` AS `t25`
          ) AS `t26`
        ) AS `t29`
      ) AS `t31`
      CROSS JOIN (
        SELECT
          `t13`.`lo` AS `lo0`,
          `t13`.`hi` AS `hi0`
        FROM `t10` AS `t13`
      ) AS `t22`
      CROSS JOIN (
        SELECT
          `t25`.`lo` AS `lo1`,
          `t25`.`hi` AS `hi1`
        FROM `t24` AS `t25`
      ) AS `t28`
      CROSS JOIN (
        SELECT
          `t7`.`channel`,
          `t7`.`channel` = MAX(`t7`.`channel`) OVER (
            PARTITION BY LOWER(`t7`.`channel`)
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) AS `own`
        FROM (
          SELECT DISTINCT
            *
          FROM (
            SELECT
              IF(
                TRIM(' \t\n\r\v\f' FROM `t0`.`channel`) = '',
                CAST(NULL AS STRING),
                TRIM(' \t\n\r\v\f' FROM `t0`.`channel`)
              ) AS `channel`
            FROM `spend` AS `t0`
            WHERE
              `t0`.`date` IS NOT NULL
          ) AS `t5`
          WHERE
            `t5`.`channel` IS NOT NULL
        ) AS `t7`
      ) AS `t20`
    ) AS `t32`
  ) AS `t34`
  LEFT OUTER JOIN (
    SELECT
      `t11`.`p` AS `p_f`,
      `t11`.`channel` AS `channel_f`,
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
        `t8`.`p`,
        `t8`.`channel`,
        SUM(`t8`.`cac`) AS `cac`,
        SUM(`t8`.`marketing`) AS `marketing`,
        SUM(`t8`.`sales`) AS `sales`,
        SUM(`t8`.`amount`) AS `amount`,
        SUM(`t8`.`clicks`) AS `clicks`,
        SUM(`t8`.`clicks_n`) AS `clicks_n`,
        SUM(`t8`.`impressions`) AS `impressions`,
        SUM(`t8`.`impressions_n`) AS `impressions_n`
      FROM (
        SELECT
          `t0`.`date`,
          IF(
            TRIM(' \t\n\r\v\f' FROM `t0`.`channel`) = '',
            CAST(NULL AS STRING),
            TRIM(' \t\n\r\v\f' FROM `t0`.`channel`)
          ) AS `channel`,
          IF(
            COALESCE(LOWER(TRIM(' \t\n\r\v\f' FROM `t0`.`category`)) = 'marketing', FALSE)
            OR COALESCE(LOWER(TRIM(' \t\n\r\v\f' FROM `t0`.`category`)) = 'sales', FALSE),
            COALESCE(`t0`.`amount`, 0),
            0.0
          ) AS `cac`,
          IF(
            COALESCE(LOWER(TRIM(' \t\n\r\v\f' FROM `t0`.`category`)) = 'marketing', FALSE),
            COALESCE(`t0`.`amount`, 0),
            0.0
          ) AS `marketing`,
          IF(
            COALESCE(LOWER(TRIM(' \t\n\r\v\f' FROM `t0`.`category`)) = 'sales', FALSE),
            COALESCE(`t0`.`amount`, 0),
            0.0
          ) AS `sales`,
          IF(
            COALESCE(LOWER(TRIM(' \t\n\r\v\f' FROM `t0`.`category`)) = 'marketing', FALSE)
            OR COALESCE(LOWER(TRIM(' \t\n\r\v\f' FROM `t0`.`category`)) = 'sales', FALSE),
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
      ) AS `t8`
      GROUP BY
        1,
        2
    ) AS `t11`
    WHERE
      `t11`.`channel` IS NOT NULL
  ) AS `t23`
    ON `t34`.`p` = `t23`.`p_f` AND `t34`.`channel` = `t23`.`channel_f`
  LEFT OUTER JOIN (
    SELECT
      `t9`.`p` AS `p_o`,
      `t9`.`key` AS `key_o`,
      `t9`.`new`
    FROM (
      SELECT
        `t6`.`p`,
        `t6`.`key`,
        COUNT(*) AS `new`
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
          LOWER(
            IF(
              TRIM(' \t\n\r\v\f' FROM `t1`.`acquisition_channel`) = '',
              CAST(NULL AS STRING),
              TRIM(' \t\n\r\v\f' FROM `t1`.`acquisition_channel`)
            )
          ) AS `key`
        FROM `customers` AS `t1`
        WHERE
          `t1`.`acquired_date` IS NOT NULL
          AND LOWER(
            IF(
              TRIM(' \t\n\r\v\f' FROM `t1`.`acquisition_channel`) = '',
              CAST(NULL AS STRING),
              TRIM(' \t\n\r\v\f' FROM `t1`.`acquisition_channel`)
            )
          ) IS NOT NULL
      ) AS `t6`
      GROUP BY
        1,
        2
    ) AS `t9`
  ) AS `t16`
    ON `t34`.`p` = `t16`.`p_o` AND `t34`.`key` = `t16`.`key_o` AND `t34`.`own`
) AS `t35`
ORDER BY
  `t35`.`p` ASC NULLS LAST,
  `t35`.`channel` ASC NULLS LAST;
