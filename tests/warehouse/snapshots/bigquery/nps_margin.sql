-- xlkpi nps_margin: NPS margin of error, per month, options: defaults; bigquery SQL
WITH `t3` AS (
  SELECT
    (
      (
        (
          EXTRACT(year FROM MIN(`t1`.`response_date`)) - 1970
        ) * 12
      ) + EXTRACT(month FROM MIN(`t1`.`response_date`))
    ) - 1 AS `lo`,
    (
      (
        (
          EXTRACT(year FROM MAX(`t1`.`response_date`)) - 1970
        ) * 12
      ) + EXTRACT(month FROM MAX(`t1`.`response_date`))
    ) - 1 AS `hi`
  FROM (
    SELECT
      *
    FROM `nps` AS `t0`
    WHERE
      `t0`.`response_date` IS NOT NULL
  ) AS `t1`
)
SELECT
  `t13`.`p` AS `period`,
  '' AS `segment`,
  IF(
    `t13`.`covered`,
    IF(
      `t13`.`responses` > 0,
      SQRT(
        ieee_divide(
          IF(
            (
              (
                ieee_divide(CAST(`t13`.`promoters` AS FLOAT64), NULLIF(CAST(`t13`.`responses` AS FLOAT64), 0)) + ieee_divide(CAST(`t13`.`detractors` AS FLOAT64), NULLIF(CAST(`t13`.`responses` AS FLOAT64), 0))
              ) - (
                (
                  ieee_divide(CAST(`t13`.`promoters` AS FLOAT64), NULLIF(CAST(`t13`.`responses` AS FLOAT64), 0)) - ieee_divide(CAST(`t13`.`detractors` AS FLOAT64), NULLIF(CAST(`t13`.`responses` AS FLOAT64), 0))
                ) * (
                  ieee_divide(CAST(`t13`.`promoters` AS FLOAT64), NULLIF(CAST(`t13`.`responses` AS FLOAT64), 0)) - ieee_divide(CAST(`t13`.`detractors` AS FLOAT64), NULLIF(CAST(`t13`.`responses` AS FLOAT64), 0))
                )
              )
            ) < 0,
            0.0,
            (
              ieee_divide(CAST(`t13`.`promoters` AS FLOAT64), NULLIF(CAST(`t13`.`responses` AS FLOAT64), 0)) + ieee_divide(CAST(`t13`.`detractors` AS FLOAT64), NULLIF(CAST(`t13`.`responses` AS FLOAT64), 0))
            ) - (
              (
                ieee_divide(CAST(`t13`.`promoters` AS FLOAT64), NULLIF(CAST(`t13`.`responses` AS FLOAT64), 0)) - ieee_divide(CAST(`t13`.`detractors` AS FLOAT64), NULLIF(CAST(`t13`.`responses` AS FLOAT64), 0))
              ) * (
                ieee_divide(CAST(`t13`.`promoters` AS FLOAT64), NULLIF(CAST(`t13`.`responses` AS FLOAT64), 0)) - ieee_divide(CAST(`t13`.`detractors` AS FLOAT64), NULLIF(CAST(`t13`.`responses` AS FLOAT64), 0))
              )
            )
          ),
          NULLIF(CAST(`t13`.`responses` AS FLOAT64), 0)
        )
      ) * 195.99639845400537,
      CAST(NULL AS FLOAT64)
    ),
    CAST(NULL AS FLOAT64)
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
    COALESCE(`t10`.`promoters`, 0) AS `promoters`,
    COALESCE(`t10`.`passives`, 0) AS `passives`,
    COALESCE(`t10`.`detractors`, 0) AS `detractors`,
    COALESCE(`t10`.`responses`, 0) AS `responses`
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
  ) AS `t12`
  CROSS JOIN (
    SELECT
      `t4`.`lo` AS `lo0`,
      `t4`.`hi` AS `hi0`
    FROM `t3` AS `t4`
  ) AS `t7`
  LEFT OUTER JOIN (
    SELECT
      `t5`.`p` AS `p_fact`,
      `t5`.`promoters`,
      `t5`.`passives`,
      `t5`.`detractors`,
      `t5`.`responses`
    FROM (
      SELECT
        `t2`.`p`,
        SUM(`t2`.`promoters`) AS `promoters`,
        SUM(`t2`.`passives`) AS `passives`,
        SUM(`t2`.`detractors`) AS `detractors`,
        SUM(`t2`.`responses`) AS `responses`
      FROM (
        SELECT
          `t0`.`response_date`,
          `t0`.`score`,
          `t0`.`customer_id`,
          `t0`.`segment`,
          (
            (
              (
                EXTRACT(year FROM `t0`.`response_date`) - 1970
              ) * 12
            ) + EXTRACT(month FROM `t0`.`response_date`)
          ) - 1 AS `p`,
          IF(
            COALESCE(
              (
                `t0`.`score` IS NOT NULL
              )
              AND (
                `t0`.`score` >= 0
              )
              AND (
                `t0`.`score` <= 10
              )
              AND (
                `t0`.`score` = CAST(ROUND(`t0`.`score`, 0) AS INT64)
              )
              AND (
                `t0`.`score` >= 9
              ),
              FALSE
            ),
            1,
            0
          ) AS `promoters`,
          IF(
            COALESCE(
              (
                `t0`.`score` IS NOT NULL
              )
              AND (
                `t0`.`score` >= 0
              )
              AND (
                `t0`.`score` <= 10
              )
              AND (
                `t0`.`score` = CAST(ROUND(`t0`.`score`, 0) AS INT64)
              )
              AND (
                `t0`.`score` >= 7
              )
              AND (
                `t0`.`score` < 9
              ),
              FALSE
            ),
            1,
            0
          ) AS `passives`,
          IF(
            COALESCE(
              (
                `t0`.`score` IS NOT NULL
              )
              AND (
                `t0`.`score` >= 0
              )
              AND (
                `t0`.`score` <= 10
              )
              AND (
                `t0`.`score` = CAST(ROUND(`t0`.`score`, 0) AS INT64)
              )
              AND (
                `t0`.`score` < 7
              ),
              FALSE
            ),
            1,
            0
          ) AS `detractors`,
          IF(
            COALESCE(
              (
                `t0`.`score` IS NOT NULL
              )
              AND (
                `t0`.`score` >= 0
              )
              AND (
                `t0`.`score` <= 10
              )
              AND (
                `t0`.`score` = CAST(ROUND(`t0`.`score`, 0) AS INT64)
              ),
              FALSE
            ),
            1,
            0
          ) AS `responses`
        FROM `nps` AS `t0`
        WHERE
          `t0`.`response_date` IS NOT NULL
      ) AS `t2`
      GROUP BY
        1
    ) AS `t5`
  ) AS `t10`
    ON `t12`.`p` = `t10`.`p_fact`
) AS `t13`
ORDER BY
  `t13`.`p` ASC NULLS LAST;
