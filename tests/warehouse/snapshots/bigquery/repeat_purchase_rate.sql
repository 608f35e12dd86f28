-- xlkpi repeat_purchase_rate: Repeat purchase rate, per month, options: defaults; bigquery SQL
WITH `t4` AS (
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
), `t12` AS (
  SELECT
    `t7`.`customer_id`,
    MIN(`t7`.`p`) AS `first`,
    MIN(
      IF(
        (
          (
            `t7`.`rank` = 0
          ) AND (
            `t7`.`n` >= 2
          )
        )
        OR (
          `t7`.`rank` = 1
        ),
        `t7`.`p`,
        CAST(NULL AS INT64)
      )
    ) AS `second`
  FROM (
    SELECT
      `t3`.`customer_id`,
      `t3`.`p`,
      `t3`.`n`,
      ROW_NUMBER() OVER (PARTITION BY `t3`.`customer_id` ORDER BY `t3`.`p` ASC) - 1 AS `rank`
    FROM (
      SELECT
        `t2`.`customer_id`,
        `t2`.`p`,
        COUNT(*) AS `n`
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
          ) - 1 AS `p`
        FROM `orders` AS `t0`
        WHERE
          `t0`.`order_date` IS NOT NULL
          AND (
            (
              LOWER(TRIM(`t0`.`status`, ' \t\n\r\v\f')) IS NULL
            )
            OR LOWER(TRIM(`t0`.`status`, ' \t\n\r\v\f')) IN ('', 'paid')
          )
          AND `t0`.`customer_id` IS NOT NULL
      ) AS `t2`
      GROUP BY
        1,
        2
    ) AS `t3`
  ) AS `t7`
  GROUP BY
    1
)
SELECT
  `t22`.`p` AS `period`,
  '' AS `segment`,
  IF(
    `t22`.`covered`,
    ieee_divide(CAST(`t22`.`twice` AS FLOAT64), NULLIF(CAST(`t22`.`once` AS FLOAT64), 0)),
    CAST(NULL AS FLOAT64)
  ) AS `value`
FROM (
  SELECT
    `t21`.`p`,
    `t21`.`covered`,
    SUM(`t21`.`once`) OVER (ORDER BY `t21`.`p` ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `once`,
    SUM(`t21`.`twice`) OVER (ORDER BY `t21`.`p` ASC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `twice`
  FROM (
    SELECT
      `t11`.`p`,
      COALESCE(
        TRUE
        AND (
          (
            `t11`.`p` >= `t8`.`lo0`
          ) AND (
            `t11`.`p` <= `t8`.`hi0`
          )
        ),
        FALSE
      ) AS `covered`,
      COALESCE(`t17`.`once`, 0) AS `once`,
      COALESCE(`t20`.`twice`, 0) AS `twice`
    FROM (
      SELECT
        IF(pos = pos_2, `p`, NULL) AS `p`
      FROM (
        SELECT
          MIN(`t5`.`lo`) AS `lo`,
          MAX(`t5`.`hi`) AS `hi`
        FROM `t4` AS `t5`
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
    ) AS `t11`
    CROSS JOIN (
      SELECT
        `t5`.`lo` AS `lo0`,
        `t5`.`hi` AS `hi0`
      FROM `t4` AS `t5`
    ) AS `t8`
    LEFT OUTER JOIN (
      SELECT
        `t14`.`p` AS `p_fact`,
        `t14`.`once`
      FROM (
        SELECT
          `t13`.`first` AS `p`,
          COUNT(*) AS `once`
        FROM `t12` AS `t13`
        GROUP BY
          1
      ) AS `t14`
    ) AS `t17`
      ON `t11`.`p` = `t17`.`p_fact`
    LEFT OUTER JOIN (
      SELECT
        `t18`.`p` AS `p_fact`,
        `t18`.`twice`
      FROM (
        SELECT
          `t15`.`second` AS `p`,
          COUNT(*) AS `twice`
        FROM (
          SELECT
            *
          FROM `t12` AS `t13`
          WHERE
            `t13`.`second` IS NOT NULL
        ) AS `t15`
        GROUP BY
          1
      ) AS `t18`
    ) AS `t20`
      ON `t11`.`p` = `t20`.`p_fact`
  ) AS `t21`
) AS `t22`
ORDER BY
  `t22`.`p` ASC NULLS LAST;
