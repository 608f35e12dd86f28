-- xlkpi return_rate: Return rate, per month, options: defaults; Spark SQL (Ibis' Databricks compiler: pyspark is not installed)
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
)
SELECT
  `t13`.`p` AS `period`,
  '' AS `segment`,
  IF(
    `t13`.`covered`,
    TRY_DIVIDE(CAST(`t13`.`returned` AS DOUBLE), NULLIF(CAST(`t13`.`all` AS DOUBLE), 0)),
    CAST(NULL AS DOUBLE)
  ) AS `value`
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
    COALESCE(`t10`.`revenue`, 0) AS `revenue`,
    COALESCE(`t10`.`cost`, 0) AS `cost`,
    COALESCE(`t10`.`orders`, 0) AS `orders`,
    COALESCE(`t10`.`all`, 0) AS `all`,
    COALESCE(`t10`.`refunded`, 0) AS `refunded`,
    COALESCE(`t10`.`returned`, 0) AS `returned`,
    COALESCE(`t10`.`refunded_value`, 0) AS `refunded_value`,
    COALESCE(`t10`.`returned_value`, 0) AS `returned_value`,
    COALESCE(`t10`.`all_value`, 0) AS `all_value`
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
      `t6`.`p` AS `p_fact`,
      `t6`.`revenue`,
      `t6`.`cost`,
      `t6`.`orders`,
      `t6`.`all`,
      `t6`.`refunded`,
      `t6`.`returned`,
      `t6`.`refunded_value`,
      `t6`.`returned_value`,
      `t6`.`all_value`
    FROM (
      SELECT
        `t2`.`p`,
        SUM(
          IF(
            (
              `t2`.`s_` IS NULL
            ) OR (
              `t2`.`s_` = 'paid'
            ),
            COALESCE(`t2`.`revenue`, 0),
            0.0
          )
        ) AS `revenue`,
        SUM(
          IF((
            `t2`.`s_` IS NULL
          ) OR (
            `t2`.`s_` = 'paid'
          ), COALESCE(`t2`.`cost`, 0), 0.0)
        ) AS `cost`,
        SUM(IF(COALESCE((
          `t2`.`s_` IS NULL
        ) OR (
          `t2`.`s_` = 'paid'
        ), FALSE), 1, 0)) AS `orders`,
        COUNT(*) AS `all`,
        SUM(IF(COALESCE(`t2`.`s_` = 'refunded', FALSE), 1, 0)) AS `refunded`,
        SUM(IF(COALESCE(`t2`.`s_` = 'returned', FALSE), 1, 0)) AS `returned`,
        SUM(IF(COALESCE(`t2`.`s_` = 'refunded', FALSE), COALESCE(`t2`.`revenue`, 0), 0.0)) AS `refunded_value`,
        SUM(IF(COALESCE(`t2`.`s_` = 'returned', FALSE), COALESCE(`t2`.`revenue`, 0), 0.0)) AS `returned_value`,
        SUM(COALESCE(`t2`.`revenue`, 0)) AS `all_value`
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
          IF(
            LOWER(TRIM(' \t\n\r\v\f' FROM `t0`.`status`)) = '',
            CAST(NULL AS STRING),
            LOWER(TRIM(' \t\n\r\v\f' FROM `t0`.`status`))
          ) AS `s_`
        FROM `orders` AS `t0`
        WHERE
          `t0`.`order_date` IS NOT NULL
      ) AS `t2`
      GROUP BY
        1
    ) AS `t6`
  ) AS `t10`
    ON `t12`.`p` = `t10`.`p_fact`
) AS `t13`
ORDER BY
  `t13`.`p` ASC NULLS LAST;
