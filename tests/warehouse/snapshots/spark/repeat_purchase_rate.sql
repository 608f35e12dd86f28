-- xlkpi repeat_purchase_rate: Repeat purchase rate, per month, options: defaults; Spark SQL (Ibis' Databricks compiler: pyspark is not installed)
WITH `t3` AS (
  SELECT
    MIN(
      (
        (
          (
            EXTRACT(year FROM `t1`.`order_date`) - 1970
          ) * 12
        ) + EXTRACT(month FROM `t1`.`order_date`)
      ) - 1
    ) AS `lo`,
    MAX(
      (
        (
          (
            EXTRACT(year FROM `t1`.`order_date`) - 1970
          ) * 12
        ) + EXTRACT(month FROM `t1`.`order_date`)
      ) - 1
    ) AS `hi`
  FROM (
    SELECT
      *
    FROM `orders` AS `t0`
    WHERE
      `t0`.`order_date` IS NOT NULL
  ) AS `t1`
), `t13` AS (
  SELECT
    `t11`.`customer_id`,
    MIN(`t11`.`p`) AS `first`,
    MIN(
      IF(
        (
          (
            `t11`.`rank` = 0
          ) AND (
            `t11`.`n` >= 2
          )
        )
        OR (
          `t11`.`rank` = 1
        ),
        `t11`.`p`,
        CAST(NULL AS BIGINT)
      )
    ) AS `second`
  FROM (
    SELECT
      `t9`.`customer_id`,
      `t9`.`key` AS `p`,
      `t9`.`n`,
      `t9`.`rank`
    FROM (
      SELECT
        `t5`.`customer_id`,
        `t5`.`key`,
        `t5`.`n`,
        `t5`.`revenue`,
        `t5`.`blank`,
        ROW_NUMBER() OVER (PARTITION BY `t5`.`customer_id` ORDER BY `t5`.`key` ASC NULLS LAST) - 1 AS `rank`,
        LAG(`t5`.`key`) OVER (PARTITION BY `t5`.`customer_id` ORDER BY `t5`.`key` ASC NULLS LAST) AS `prev`
      FROM (
        SELECT
          `t2`.`customer_id`,
          `t2`.`key`,
          COUNT(*) AS `n`,
          SUM(`t2`.`revenue`) AS `revenue`,
          SUM(IF(COALESCE(`t2`.`revenue` IS NULL OR ISNAN(`t2`.`revenue`), FALSE), 1, 0)) AS `blank`
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
                LOWER(TRIM(' \t\n\r\v\f' FROM `t0`.`status`)) IS NULL
              )
              OR LOWER(TRIM(' \t\n\r\v\f' FROM `t0`.`status`)) IN ('', 'paid')
            )
            AND `t0`.`customer_id` IS NOT NULL
        ) AS `t2`
        GROUP BY
          1,
          2
      ) AS `t5`
    ) AS `t9`
  ) AS `t11`
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
      `t12`.`p`,
      COALESCE(
        TRUE
        AND (
          (
            `t12`.`p` >= `t7`.`lo0`
          ) AND (
            `t12`.`p` <= `t7`.`hi0`
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
                `t8`.`hi` + 1
              ) - `t8`.`lo`)
            ),
            IF(
              ELEMENT_AT(SEQUENCE(`t8`.`lo`, `t8`.`hi` + 1, 1), SIZE(SEQUENCE(`t8`.`lo`, `t8`.`hi` + 1, 1))) = (
                `t8`.`hi` + 1
              ),
              SLICE(
                SEQUENCE(`t8`.`lo`, `t8`.`hi` + 1, 1),
                1,
                SIZE(SEQUENCE(`t8`.`lo`, `t8`.`hi` + 1, 1)) - 1
              ),
              SEQUENCE(`t8`.`lo`, `t8`.`hi` + 1, 1)
            ),
            ARRAY()
          )
        ) AS `p`
      FROM (
        SELECT
          MIN(`t4`.`lo`) AS `lo`,
          MAX(`t4`.`hi`) AS `hi`
        FROM `t3` AS `t4`
      ) AS `t8`
    ) AS `t12`
    CROSS JOIN (
      SELECT
        `t4`.`lo` AS `lo0`,
        `t4`.`hi` AS `hi0`
      FROM `t3` AS `t4`
    ) AS `t7`
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
      ON `t12`.`p` = `t18`.`p_fact`
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
      ON `t12`.`p` = `t21`.`p_fact`
  ) AS `t22`
) AS `t23`
ORDER BY
  `t23`.`p` ASC NULLS LAST;
