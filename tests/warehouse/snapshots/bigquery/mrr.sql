-- xlkpi mrr: Monthly recurring revenue, per month, options: defaults; bigquery SQL
WITH `t2` AS (
  SELECT
    TIMESTAMP_TRUNC(`t0`.`month`, MONTH) AS `month`,
    `t0`.`customer_id`,
    `t0`.`mrr`
  FROM `subscriptions` AS `t0`
  WHERE
    TIMESTAMP_TRUNC(`t0`.`month`, MONTH) IS NOT NULL
), `t17` AS (
  SELECT
    MIN(`t14`.`lo`) AS `lo`,
    MAX(`t14`.`hi`) AS `hi`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        (
          (
            (
              EXTRACT(year FROM MIN(TIMESTAMP_TRUNC(`t3`.`month`, MONTH))) - 1970
            ) * 12
          ) + EXTRACT(month FROM MIN(TIMESTAMP_TRUNC(`t3`.`month`, MONTH)))
        ) - 1 AS `lo`,
        (
          (
            (
              EXTRACT(year FROM MAX(TIMESTAMP_TRUNC(`t3`.`month`, MONTH))) - 1970
            ) * 12
          ) + EXTRACT(month FROM MAX(TIMESTAMP_TRUNC(`t3`.`month`, MONTH)))
        ) - 1 AS `hi`
      FROM `t2` AS `t3`
    ) AS `t9`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          (
            (
              (
                EXTRACT(year FROM MIN(`t3`.`month`)) - 1970
              ) * 12
            ) + EXTRACT(month FROM MIN(`t3`.`month`))
          ) - 1 AS `lo`,
          (
            (
              (
                EXTRACT(year FROM MAX(`t3`.`month`)) - 1970
              ) * 12
            ) + EXTRACT(month FROM MAX(`t3`.`month`))
          ) - 1 AS `hi`
        FROM `t2` AS `t3`
      ) AS `t8`
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          (
            (
              (
                EXTRACT(year FROM MIN(
                  TIMESTAMP_SUB(
                    TIMESTAMP_ADD(TIMESTAMP_TRUNC(`t3`.`month`, MONTH), INTERVAL '1' MONTH),
                    INTERVAL '1' DAY
                  )
                )) - 1970
              ) * 12
            ) + EXTRACT(month FROM MIN(
              TIMESTAMP_SUB(
                TIMESTAMP_ADD(TIMESTAMP_TRUNC(`t3`.`month`, MONTH), INTERVAL '1' MONTH),
                INTERVAL '1' DAY
              )
            ))
          ) - 1 AS `lo`,
          (
            (
              (
                EXTRACT(year FROM MAX(
                  TIMESTAMP_SUB(
                    TIMESTAMP_ADD(TIMESTAMP_TRUNC(`t3`.`month`, MONTH), INTERVAL '1' MONTH),
                    INTERVAL '1' DAY
                  )
                )) - 1970
              ) * 12
            ) + EXTRACT(month FROM MAX(
              TIMESTAMP_SUB(
                TIMESTAMP_ADD(TIMESTAMP_TRUNC(`t3`.`month`, MONTH), INTERVAL '1' MONTH),
                INTERVAL '1' DAY
              )
            ))
          ) - 1 AS `hi`
        FROM `t2` AS `t3`
      ) AS `t11`
    ) AS `t12`
  ) AS `t14`
)
SELECT
  `t30`.`p` AS `period`,
  '' AS `segment`,
  IF(`t30`.`covered`, `t30`.`mrr`, CAST(NULL AS FLOAT64)) AS `value`
FROM (
  SELECT
    `t23`.`p`,
    COALESCE(
      TRUE
      AND (
        (
          `t23`.`p` >= `t20`.`lo0`
        ) AND (
          `t23`.`p` <= `t20`.`hi0`
        )
      ),
      FALSE
    ) AS `covered`,
    `t29`.`mrr`
  FROM (
    SELECT
      IF(pos = pos_2, `p`, NULL) AS `p`
    FROM (
      SELECT
        MIN(`t18`.`lo`) AS `lo`,
        MAX(`t18`.`hi`) AS `hi`
      FROM `t17` AS `t18`
    ) AS `t21`
    CROSS JOIN UNNEST(GENERATE_ARRAY(
      0,
      GREATEST(
        ARRAY_LENGTH(
          IF(
            NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
              `t21`.`hi` + 1
            ) - `t21`.`lo`),
            ARRAY(
              SELECT
                ibis_bq_arr_range_1
              FROM UNNEST(GENERATE_ARRAY(`t21`.`lo`, `t21`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
              WHERE
                ibis_bq_arr_range_1 <> (
                  `t21`.`hi` + 1
                )
            ),
            []
          )
        )
      ) - 1
    )) AS pos
    CROSS JOIN UNNEST(IF(
      NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
        `t21`.`hi` + 1
      ) - `t21`.`lo`),
      ARRAY(
        SELECT
          ibis_bq_arr_range_1
        FROM UNNEST(GENERATE_ARRAY(`t21`.`lo`, `t21`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
        WHERE
          ibis_bq_arr_range_1 <> (
            `t21`.`hi` + 1
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
                `t21`.`hi` + 1
              ) - `t21`.`lo`),
              ARRAY(
                SELECT
                  ibis_bq_arr_range_1
                FROM UNNEST(GENERATE_ARRAY(`t21`.`lo`, `t21`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                WHERE
                  ibis_bq_arr_range_1 <> (
                    `t21`.`hi` + 1
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
                `t21`.`hi` + 1
              ) - `t21`.`lo`),
              ARRAY(
                SELECT
                  ibis_bq_arr_range_1
                FROM UNNEST(GENERATE_ARRAY(`t21`.`lo`, `t21`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                WHERE
                  ibis_bq_arr_range_1 <> (
                    `t21`.`hi` + 1
                  )
              ),
              []
            )
          ) - 1
        )
      )
  ) AS `t23`
  CROSS JOIN (
    SELECT
      `t18`.`lo` AS `lo0`,
      `t18`.`hi` AS `hi0`
    FROM `t17` AS `t18`
  ) AS `t20`
  LEFT OUTER JOIN (
    SELECT
      `t27`.`p` AS `p_fact`,
      `t27`.`mrr`
    FROM (
      SELECT
        `t26`.`p`,
        IF(
          (
            `t26`.`m` >= `t7`.`lo`
          ) AND (
            `t26`.`m` <= `t7`.`hi`
          ),
          COALESCE(`t16`.`total`, 0),
          CAST(NULL AS FLOAT64)
        ) AS `mrr`
      FROM (
        SELECT
          `t24`.`p`,
          `t24`.`covered`,
          (
            (
              (
                EXTRACT(year FROM TIMESTAMP_SUB(
                  CAST(DATE(
                    CAST(FLOOR(ieee_divide(`t24`.`p` + 1, 12)) AS INT64) + 1970,
                    (
                      (
                        `t24`.`p` + 1
                      ) - (
                        CAST(FLOOR(ieee_divide(`t24`.`p` + 1, 12)) AS INT64) * 12
                      )
                    ) + 1,
                    1
                  ) AS DATETIME),
                  INTERVAL '1' DAY
                )) - 1970
              ) * 12
            ) + EXTRACT(month FROM TIMESTAMP_SUB(
              CAST(DATE(
                CAST(FLOOR(ieee_divide(`t24`.`p` + 1, 12)) AS INT64) + 1970,
                (
                  (
                    `t24`.`p` + 1
                  ) - (
                    CAST(FLOOR(ieee_divide(`t24`.`p` + 1, 12)) AS INT64) * 12
                  )
                ) + 1,
                1
              ) AS DATETIME),
              INTERVAL '1' DAY
            ))
          ) - 1 AS `m`
        FROM (
          SELECT
            `t23`.`p`,
            COALESCE(
              TRUE
              AND (
                (
                  `t23`.`p` >= `t20`.`lo0`
                ) AND (
                  `t23`.`p` <= `t20`.`hi0`
                )
              ),
              FALSE
            ) AS `covered`
          FROM (
            SELECT
              IF(pos = pos_2, `p`, NULL) AS `p`
            FROM (
              SELECT
                MIN(`t18`.`lo`) AS `lo`,
                MAX(`t18`.`hi`) AS `hi`
              FROM `t17` AS `t18`
            ) AS `t21`
            CROSS JOIN UNNEST(GENERATE_ARRAY(
              0,
              GREATEST(
                ARRAY_LENGTH(
                  IF(
                    NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
                      `t21`.`hi` + 1
                    ) - `t21`.`lo`),
                    ARRAY(
                      SELECT
                        ibis_bq_arr_range_1
                      FROM UNNEST(GENERATE_ARRAY(`t21`.`lo`, `t21`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                      WHERE
                        ibis_bq_arr_range_1 <> (
                          `t21`.`hi` + 1
                        )
                    ),
                    []
                  )
                )
              ) - 1
            )) AS pos
            CROSS JOIN UNNEST(IF(
              NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
                `t21`.`hi` + 1
              ) - `t21`.`lo`),
              ARRAY(
                SELECT
                  ibis_bq_arr_range_1
                FROM UNNEST(GENERATE_ARRAY(`t21`.`lo`, `t21`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                WHERE
                  ibis_bq_arr_range_1 <> (
                    `t21`.`hi` + 1
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
                        `t21`.`hi` + 1
                      ) - `t21`.`lo`),
                      ARRAY(
                        SELECT
                          ibis_bq_arr_range_1
                        FROM UNNEST(GENERATE_ARRAY(`t21`.`lo`, `t21`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                        WHERE
                          ibis_bq_arr_range_1 <> (
                            `t21`.`hi` + 1
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
                        `t21`.`hi` + 1
                      ) - `t21`.`lo`),
                      ARRAY(
                        SELECT
                          ibis_bq_arr_range_1
                        FROM UNNEST(GENERATE_ARRAY(`t21`.`lo`, `t21`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                        WHERE
                          ibis_bq_arr_range_1 <> (
                            `t21`.`hi` + 1
                          )
                      ),
                      []
                    )
                  ) - 1
                )
              )
          ) AS `t23`
          CROSS JOIN (
            SELECT
              `t18`.`lo` AS `lo0`,
              `t18`.`hi` AS `hi0`
            FROM `t17` AS `t18`
          ) AS `t20`
        ) AS `t24`
      ) AS `t26`
      CROSS JOIN (
        SELECT
          MIN(
            (
              (
                (
                  EXTRACT(year FROM `t1`.`month`) - 1970
                ) * 12
              ) + EXTRACT(month FROM `t1`.`month`)
            ) - 1
          ) AS `lo`,
          MAX(
            (
              (
                (
                  EXTRACT(year FROM `t1`.`month`) - 1970
                ) * 12
              ) + EXTRACT(month FROM `t1`.`month`)
            ) - 1
          ) AS `hi`
        FROM (
          SELECT
            TIMESTAMP_TRUNC(`t0`.`month`, MONTH) AS `month`,
            `t0`.`customer_id`,
            `t0`.`mrr`
          FROM `subscriptions` AS `t0`
          WHERE
            TIMESTAMP_TRUNC(`t0`.`month`, MONTH) IS NOT NULL
            AND `t0`.`customer_id` IS NOT NULL
        ) AS `t1`
      ) AS `t7`
      LEFT OUTER JOIN (
        SELECT
          `t13`.`m` AS `m_total`,
          `t13`.`total`
        FROM (
          SELECT
            `t10`.`m`,
            SUM(`t10`.`mrr`) AS `total`
          FROM (
            SELECT
              *
            FROM (
              SELECT
                `t4`.`m`,
                `t4`.`customer_id`,
                SUM(`t4`.`mrr`) AS `mrr`
              FROM (
                SELECT
                  TIMESTAMP_TRUNC(`t0`.`month`, MONTH) AS `month`,
                  `t0`.`customer_id`,
                  COALESCE(`t0`.`mrr`, 0) AS `mrr`,
                  (
                    (
                      (
                        EXTRACT(year FROM TIMESTAMP_TRUNC(`t0`.`month`, MONTH)) - 1970
                      ) * 12
                    ) + EXTRACT(month FROM TIMESTAMP_TRUNC(`t0`.`month`, MONTH))
                  ) - 1 AS `m`
                FROM `subscriptions` AS `t0`
                WHERE
                  TIMESTAMP_TRUNC(`t0`.`month`, MONTH) IS NOT NULL
                  AND `t0`.`customer_id` IS NOT NULL
              ) AS `t4`
              GROUP BY
                1,
                2
            ) AS `t5`
            WHERE
              `t5`.`mrr` > 0
          ) AS `t10`
          GROUP BY
            1
        ) AS `t13`
      ) AS `t16`
        ON `t26`.`m` = `t16`.`m_total`
    ) AS `t27`
  ) AS `t29`
    ON `t23`.`p` = `t29`.`p_fact`
) AS `t30`
ORDER BY
  `t30`.`p` ASC NULLS LAST;
