-- xlkpi cac: Customer acquisition cost, per month, options: defaults; Spark SQL (Ibis' Databricks compiler: pyspark is not installed)
WITH `t2` AS (
  SELECT
    *
  FROM `customers` AS `t0`
  WHERE
    `t0`.`acquired_date` IS NOT NULL
), `t12` AS (
  SELECT
    MIN(
      (
        (
          (
            EXTRACT(year FROM `t3`.`date`) - 1970
          ) * 12
        ) + EXTRACT(month FROM `t3`.`date`)
      ) - 1
    ) AS `lo`,
    MAX(
      (
        (
          (
            EXTRACT(year FROM `t3`.`date`) - 1970
          ) * 12
        ) + EXTRACT(month FROM `t3`.`date`)
      ) - 1
    ) AS `hi`
  FROM (
    SELECT
      *
    FROM `spend` AS `t1`
    WHERE
      `t1`.`date` IS NOT NULL
  ) AS `t3`
), `t13` AS (
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
      `t1`.`date`,
      IF(
        TRIM(' \t\n\r\v\f' FROM `t1`.`channel`) = '',
        CAST(NULL AS STRING),
        TRIM(' \t\n\r\v\f' FROM `t1`.`channel`)
      ) AS `channel`,
      IF(
        COALESCE(LOWER(TRIM(' \t\n\r\v\f' FROM `t1`.`category`)) = 'marketing', FALSE)
        OR COALESCE(LOWER(TRIM(' \t\n\r\v\f' FROM `t1`.`category`)) = 'sales', FALSE),
        COALESCE(`t1`.`amount`, 0),
        0.0
      ) AS `cac`,
      IF(
        COALESCE(LOWER(TRIM(' \t\n\r\v\f' FROM `t1`.`category`)) = 'marketing', FALSE),
        COALESCE(`t1`.`amount`, 0),
        0.0
      ) AS `marketing`,
      IF(
        COALESCE(LOWER(TRIM(' \t\n\r\v\f' FROM `t1`.`category`)) = 'sales', FALSE),
        COALESCE(`t1`.`amount`, 0),
        0.0
      ) AS `sales`,
      IF(
        COALESCE(LOWER(TRIM(' \t\n\r\v\f' FROM `t1`.`category`)) = 'marketing', FALSE)
        OR COALESCE(LOWER(TRIM(' \t\n\r\v\f' FROM `t1`.`category`)) = 'sales', FALSE),
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
  ) AS `t9`
  GROUP BY
    1,
    2
), `t28` AS (
  SELECT
    MIN(`t19`.`lo`) AS `lo`,
    MAX(`t19`.`hi`) AS `hi`
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
      FROM `t2` AS `t4`
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
      FROM `t2` AS `t4`
    ) AS `t15`
  ) AS `t19`
)
SELECT
  `t47`.`p` AS `period`,
  `t47`.`segment`,
  IF(`t47`.`covered`, `t47`.`value`, CAST(NULL AS DOUBLE)) AS `value`
FROM (
  SELECT
    *
  FROM (
    SELECT
      `t40`.`p`,
      `t40`.`covered`,
      '' AS `segment`,
      TRY_DIVIDE(`t40`.`cac`, NULLIF(CAST(`t40`.`new` AS DOUBLE), 0)) AS `value`
    FROM (
      SELECT
        `t39`.`p`,
        COALESCE(
          TRUE
          AND (
            (
              `t39`.`p` >= `t25`.`lo0`
            ) AND (
              `t39`.`p` <= `t25`.`hi0`
            )
          )
          AND (
            (
              `t39`.`p` >= `t36`.`lo1`
            ) AND (
              `t39`.`p` <= `t36`.`hi1`
            )
          ),
          FALSE
        ) AS `covered`,
        COALESCE(`t34`.`cac`, 0) AS `cac`,
        COALESCE(`t34`.`marketing`, 0) AS `marketing`,
        COALESCE(`t34`.`sales`, 0) AS `sales`,
        COALESCE(`t34`.`amount`, 0) AS `amount`,
        COALESCE(`t34`.`clicks`, 0) AS `clicks`,
        COALESCE(`t34`.`clicks_n`, 0) AS `clicks_n`,
        COALESCE(`t34`.`impressions`, 0) AS `impressions`,
        COALESCE(`t34`.`impressions_n`, 0) AS `impressions_n`,
        COALESCE(`t29`.`new`, 0) AS `new`
      FROM (
        SELECT
          EXPLODE(
            IF(
              (
                1 <> 0
              ) AND (
                SIGN(1) = SIGN((
                  `t37`.`hi` + 1
                ) - `t37`.`lo`)
              ),
              IF(
                ELEMENT_AT(
                  SEQUENCE(`t37`.`lo`, `t37`.`hi` + 1, 1),
                  SIZE(SEQUENCE(`t37`.`lo`, `t37`.`hi` + 1, 1))
                ) = (
                  `t37`.`hi` + 1
                ),
                SLICE(
                  SEQUENCE(`t37`.`lo`, `t37`.`hi` + 1, 1),
                  1,
                  SIZE(SEQUENCE(`t37`.`lo`, `t37`.`hi` + 1, 1)) - 1
                ),
                SEQUENCE(`t37`.`lo`, `t37`.`hi` + 1, 1)
              ),
              ARRAY()
            )
          ) AS `p`
        FROM (
          SELECT
            MIN(`t33`.`lo`) AS `lo`,
            MAX(`t33`.`hi`) AS `hi`
          FROM (
            SELECT
              *
            FROM `t12` AS `t17`
            UNION ALL
            SELECT
              *
            FROM `t28` AS `t31`
          ) AS `t33`
        ) AS `t37`
      ) AS `t39`
      CROSS JOIN (
        SELECT
          `t17`.`lo` AS `lo0`,
          `t17`.`hi` AS `hi0`
        FROM `t12` AS `t17`
      ) AS `t25`
      CROSS JOIN (
        SELECT
          `t31`.`lo` AS `lo1`,
          `t31`.`hi` AS `hi1`
        FROM `t28` AS `t31`
      ) AS `t36`
      LEFT OUTER JOIN (
        SELECT
          `t27`.`p` AS `p_fact`,
          `t27`.`cac`,
          `t27`.`marketing`,
          `t27`.`sales`,
          `t27`.`amount`,
          `t27`.`clicks`,
          `t27`.`clicks_n`,
          `t27`.`impressions`,
          `t27`.`impressions_n`
        FROM (
          SELECT
            `t18`.`p`,
            SUM(`t18`.`cac`) AS `cac`,
            SUM(`t18`.`marketing`) AS `marketing`,
            SUM(`t18`.`sales`) AS `sales`,
            SUM(`t18`.`amount`) AS `amount`,
            SUM(`t18`.`clicks`) AS `clicks`,
            SUM(`t18`.`clicks_n`) AS `clicks_n`,
            SUM(`t18`.`impressions`) AS `impressions`,
            SUM(`t18`.`impressions_n`) AS `impressions_n`
          FROM `t13` AS `t18`
          GROUP BY
            1
        ) AS `t27`
      ) AS `t34`
        ON `t39`.`p` = `t34`.`p_fact`
      LEFT OUTER JOIN (
        SELECT
          `t20`.`p` AS `p_fact`,
          `t20`.`new`
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
        ) AS `t20`
      ) AS `t29`
        ON `t39`.`p` = `t29`.`p_fact`
    ) AS `t40`
  ) AS `t44`
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      `t45`.`p`,
      `t45`.`covered`,
      `t45`.`channel` AS `segment`,
      TRY_DIVIDE(`t45`.`cac`, NULLIF(CAST(`t45`.`new` AS DOUBLE), 0)) AS `value`
    FROM (
      SELECT
        `t43`.`p`,
        `t43`.`covered`,
        `t43`.`channel`,
        `t43`.`own`,
        `t43`.`key`,
        COALESCE(`t30`.`cac`, 0) AS `cac`,
        COALESCE(`t30`.`marketing`, 0) AS `marketing`,
        COALESCE(`t30`.`sales`, 0) AS `sales`,
        COALESCE(`t30`.`amount`, 0) AS `amount`,
        COALESCE(`t30`.`clicks`, 0) AS `clicks`,
        COALESCE(`t30`.`clicks_n`, 0) AS `clicks_n`,
        COALESCE(`t30`.`impressions`, 0) AS `impressions`,
        COALESCE(`t30`.`impressions_n`, 0) AS `impressions_n`,
        COALESCE(`t16`.`new`, 0) AS `new`
      FROM (
        SELECT
          `t41`.`p`,
          `t41`.`covered`,
          `t41`.`channel`,
          `t41`.`own`,
          LOWER(`t41`.`channel`) AS `key`
        FROM (
          SELECT
            `t39`.`p`,
            COALESCE(
              TRUE
              AND (
                (
                  `t39`.`p` >= `t25`.`lo0`
                ) AND (
                  `t39`.`p` <= `t25`.`hi0`
                )
              )
              AND (
                (
                  `t39`.`p` >= `t36`.`lo1`
                ) AND (
                  `t39`.`p` <= `t36`.`hi1`
                )
              ),
              FALSE
            ) AS `covered`,
            `t23`.`channel`,
            `t23`.`own`
          FROM (
            SELECT
              EXPLODE(
                IF(
                  (
                    1 <> 0
                  ) AND (
                    SIGN(1) = SIGN((
                      `t37`.`hi` + 1
                    ) - `t37`.`lo`)
                  ),
                  IF(
                    ELEMENT_AT(
                      SEQUENCE(`t37`.`lo`, `t37`.`hi` + 1, 1),
                      SIZE(SEQUENCE(`t37`.`lo`, `t37`.`hi` + 1, 1))
                    ) = (
                      `t37`.`hi` + 1
                    ),
                    SLICE(
                      SEQUENCE(`t37`.`lo`, `t37`.`hi` + 1, 1),
                      1,
                      SIZE(SEQUENCE(`t37`.`lo`, `t37`.`hi` + 1, 1)) - 1
                    ),
                    SEQUENCE(`t37`.`lo`, `t37`.`hi` + 1, 1)
                  ),
                  ARRAY()
                )
              ) AS `p`
            FROM (
              SELECT
                MIN(`t33`.`lo`) AS `lo`,
                MAX(`t33`.`hi`) AS `hi`
              FROM (
                SELECT
                  *
                FROM `t12` AS `t17`
                UNION ALL
                SELECT
                  *
                FROM `t28` AS `t31`
              ) AS `t33`
            ) AS `t37`
          ) AS `t39`
          CROSS JOIN (
            SELECT
              `t17`.`lo` AS `lo0`,
              `t17`.`hi` AS `hi0`
            FROM `t12` AS `t17`
          ) AS `t25`
          CROSS JOIN (
            SELECT
              `t31`.`lo` AS `lo1`,
              `t31`.`hi` AS `hi1`
            FROM `t28` AS `t31`
          ) AS `t36`
          CROSS JOIN (
            SELECT
              `t8`.`channel`,
              `t8`.`channel` = MAX(`t8`.`channel`) OVER (
                PARTITION BY LOWER(`t8`.`channel`)
                ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
              ) AS `own`
            FROM (
              SELECT DISTINCT
                *
              FROM (
                SELECT
                  IF(
                    TRIM(' \t\n\r\v\f' FROM `t1`.`channel`) = '',
                    CAST(NULL AS STRING),
                    TRIM(' \t\n\r\v\f' FROM `t1`.`channel`)
                  ) AS `channel`
                FROM `spend` AS `t1`
                WHERE
                  `t1`.`date` IS NOT NULL
              ) AS `t5`
              WHERE
                `t5`.`channel` IS NOT NULL
            ) AS `t8`
          ) AS `t23`
        ) AS `t41`
      ) AS `t43`
      LEFT OUTER JOIN (
        SELECT
          `t18`.`p` AS `p_f`,
          `t18`.`channel` AS `channel_f`,
          `t18`.`cac`,
          `t18`.`marketing`,
          `t18`.`sales`,
          `t18`.`amount`,
          `t18`.`clicks`,
          `t18`.`clicks_n`,
          `t18`.`impressions`,
          `t18`.`impressions_n`
        FROM `t13` AS `t18`
        WHERE
          `t18`.`channel` IS NOT NULL
      ) AS `t30`
        ON `t43`.`p` = `t30`.`p_f` AND `t43`.`channel` = `t30`.`channel_f`
      LEFT OUTER JOIN (
        SELECT
          `t10`.`p` AS `p_o`,
          `t10`.`key` AS `key_o`,
          `t10`.`new`
        FROM (
          SELECT
            `t7`.`p`,
            `t7`.`key`,
            COUNT(*) AS `new`
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
              LOWER(
                IF(
                  TRIM(' \t\n\r\v\f' FROM `t0`.`acquisition_channel`) = '',
                  CAST(NULL AS STRING),
                  TRIM(' \t\n\r\v\f' FROM `t0`.`acquisition_channel`)
                )
              ) AS `key`
            FROM `customers` AS `t0`
            WHERE
              `t0`.`acquired_date` IS NOT NULL
              AND LOWER(
                IF(
                  TRIM(' \t\n\r\v\f' FROM `t0`.`acquisition_channel`) = '',
                  CAST(NULL AS STRING),
                  TRIM(' \t\n\r\v\f' FROM `t0`.`acquisition_channel`)
                )
              ) IS NOT NULL
          ) AS `t7`
          GROUP BY
            1,
            2
        ) AS `t10`
      ) AS `t16`
        ON `t43`.`p` = `t16`.`p_o` AND `t43`.`key` = `t16`.`key_o` AND `t43`.`own`
    ) AS `t45`
  ) AS `t46`
) AS `t47`
ORDER BY
  `t47`.`p` ASC NULLS LAST,
  `t47`.`segment` ASC NULLS LAST;
