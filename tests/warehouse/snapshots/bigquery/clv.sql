-- xlkpi clv: Customer lifetime value, per month, options: defaults; bigquery SQL
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
), `t12` AS (
  SELECT
    `t11`.`p`,
    COALESCE(
      TRUE
      AND (
        (
          `t11`.`p` >= `t7`.`lo0`
        ) AND (
          `t11`.`p` <= `t7`.`hi0`
        )
      ),
      FALSE
    ) AS `covered`
  FROM (
    SELECT
      IF(pos = pos_2, `p`, NULL) AS `p`
    FROM (
      SELECT
        MIN(`t4`.`lo`) AS `lo`,
        MAX(`t4`.`hi`) AS `hi`
      FROM `t3` AS `t4`
    ) AS `t8`
    CROSS JOIN UNNEST(GENERATE_ARRAY(
      0,
      GREATEST(
        ARRAY_LENGTH(
          IF(
            NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
              `t8`.`hi` + 1
            ) - `t8`.`lo`),
            ARRAY(
              SELECT
                ibis_bq_arr_range_1
              FROM UNNEST(GENERATE_ARRAY(`t8`.`lo`, `t8`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
              WHERE
                ibis_bq_arr_range_1 <> (
                  `t8`.`hi` + 1
                )
            ),
            []
          )
        )
      ) - 1
    )) AS pos
    CROSS JOIN UNNEST(IF(
      NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
        `t8`.`hi` + 1
      ) - `t8`.`lo`),
      ARRAY(
        SELECT
          ibis_bq_arr_range_1
        FROM UNNEST(GENERATE_ARRAY(`t8`.`lo`, `t8`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
        WHERE
          ibis_bq_arr_range_1 <> (
            `t8`.`hi` + 1
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
                `t8`.`hi` + 1
              ) - `t8`.`lo`),
              ARRAY(
                SELECT
                  ibis_bq_arr_range_1
                FROM UNNEST(GENERATE_ARRAY(`t8`.`lo`, `t8`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                WHERE
                  ibis_bq_arr_range_1 <> (
                    `t8`.`hi` + 1
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
                `t8`.`hi` + 1
              ) - `t8`.`lo`),
              ARRAY(
                SELECT
                  ibis_bq_arr_range_1
                FROM UNNEST(GENERATE_ARRAY(`t8`.`lo`, `t8`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                WHERE
                  ibis_bq_arr_range_1 <> (
                    `t8`.`hi` + 1
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
      `t4`.`lo` AS `lo0`,
      `t4`.`hi` AS `hi0`
    FROM `t3` AS `t4`
  ) AS `t7`
)
SELECT
  `t22`.`p` AS `period`,
  '' AS `segment`,
  IF(`t22`.`covered`, `t22`.`value`, CAST(NULL AS FLOAT64)) AS `value`
FROM (
  SELECT
    `t15`.`p`,
    `t15`.`covered`,
    `t21`.`value`
  FROM (
    SELECT
      *
    FROM `t12` AS `t13`
  ) AS `t15`
  LEFT OUTER JOIN (
    SELECT
      `t19`.`p` AS `p_fact`,
      IF(
        `t19`.`blank` > 0,
        CAST(NULL AS FLOAT64),
        ieee_divide(`t19`.`revenue`, NULLIF(CAST(`t19`.`n` AS FLOAT64), 0))
      ) * ieee_divide(CAST(`t19`.`n` AS FLOAT64), NULLIF(CAST(`t19`.`buyers` AS FLOAT64), 0)) * 3.0 AS `value`
    FROM (
      SELECT
        `t18`.`p`,
        SUM(`t18`.`n`) AS `n`,
        SUM(`t18`.`revenue`) AS `revenue`,
        SUM(`t18`.`blank`) AS `blank`,
        COUNT(DISTINCT `t18`.`customer_id`) AS `buyers`
      FROM (
        SELECT
          `t17`.`p`,
          `t17`.`covered`,
          `t17`.`hi`,
          `t17`.`lo`,
          `t9`.`customer_id`,
          `t9`.`key`,
          `t9`.`n`,
          `t9`.`revenue`,
          `t9`.`blank`
        FROM (
          SELECT
            `t13`.`p`,
            `t13`.`covered`,
            (
              (
                (
                  EXTRACT(year FROM DATE(
                    CAST(FLOOR(ieee_divide(`t13`.`p` + 1, 12)) AS INT64) + 1970,
                    (
                      (
                        `t13`.`p` + 1
                      ) - (
                        CAST(FLOOR(ieee_divide(`t13`.`p` + 1, 12)) AS INT64) * 12
                      )
                    ) + 1,
                    1
                  )) - 1970
                ) * 12
              ) + EXTRACT(month FROM DATE(
                CAST(FLOOR(ieee_divide(`t13`.`p` + 1, 12)) AS INT64) + 1970,
                (
                  (
                    `t13`.`p` + 1
                  ) - (
                    CAST(FLOOR(ieee_divide(`t13`.`p` + 1, 12)) AS INT64) * 12
                  )
                ) + 1,
                1
              ))
            ) - 1 AS `hi`,
            (
              (
                (
                  (
                    EXTRACT(year FROM DATE(
                      CAST(FLOOR(ieee_divide(`t13`.`p` + 1, 12)) AS INT64) + 1970,
                      (
                        (
                          `t13`.`p` + 1
                        ) - (
                          CAST(FLOOR(ieee_divide(`t13`.`p` + 1, 12)) AS INT64) * 12
                        )
                      ) + 1,
                      1
                    )) - 1970
                  ) * 12
                ) + EXTRACT(month FROM DATE(
                  CAST(FLOOR(ieee_divide(`t13`.`p` + 1, 12)) AS INT64) + 1970,
                  (
                    (
                      `t13`.`p` + 1
                    ) - (
                      CAST(FLOOR(ieee_divide(`t13`.`p` + 1, 12)) AS INT64) * 12
                    )
                  ) + 1,
                  1
                ))
              ) - 1
            ) - 12 AS `lo`
          FROM `t12` AS `t13`
        ) AS `t17`
        INNER JOIN (
          SELECT
            `t2`.`customer_id`,
            `t2`.`key`,
            COUNT(*) AS `n`,
            SUM(`t2`.`revenue`) AS `revenue`,
            SUM(IF(COALESCE(`t2`.`revenue` IS NULL, FALSE), 1, 0)) AS `blank`
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
                    LOWER(TRIM(`t0`.`status`, ' \t\n\r\v\f')) = '',
                    CAST(NULL AS STRING),
                    LOWER(TRIM(`t0`.`status`, ' \t\n\r\v\f'))
                  ) IS NULL
                )
                OR (
                  IF(
                    LOWER(TRIM(`t0`.`status`, ' \t\n\r\v\f')) = '',
                    CAST(NULL AS STRING),
                    LOWER(TRIM(`t0`.`status`, ' \t\n\r\v\f'))
                  ) = 'paid'
                )
              )
              AND `t0`.`customer_id` IS NOT NULL
          ) AS `t2`
          GROUP BY
            1,
            2
        ) AS `t9`
          ON `t9`.`key` >= `t17`.`lo` AND `t9`.`key` < `t17`.`hi`
      ) AS `t18`
      GROUP BY
        1
    ) AS `t19`
  ) AS `t21`
    ON `t15`.`p` = `t21`.`p_fact`
) AS `t22`
ORDER BY
  `t22`.`p` ASC NULLS LAST;
