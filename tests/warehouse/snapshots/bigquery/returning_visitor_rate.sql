-- xlkpi returning_visitor_rate: Returning visitor rate, per month, options: defaults; bigquery SQL
WITH `t4` AS (
  SELECT
    (
      (
        (
          EXTRACT(year FROM MIN(`t1`.`session_date`)) - 1970
        ) * 12
      ) + EXTRACT(month FROM MIN(`t1`.`session_date`))
    ) - 1 AS `lo`,
    (
      (
        (
          EXTRACT(year FROM MAX(`t1`.`session_date`)) - 1970
        ) * 12
      ) + EXTRACT(month FROM MAX(`t1`.`session_date`))
    ) - 1 AS `hi`
  FROM (
    SELECT
      *
    FROM `sessions` AS `t0`
    WHERE
      `t0`.`session_date` IS NOT NULL
  ) AS `t1`
)
SELECT
  `t15`.`p` AS `period`,
  '' AS `segment`,
  IF(
    `t15`.`covered`,
    ieee_divide(CAST(`t15`.`back` AS FLOAT64), NULLIF(CAST(`t15`.`all` AS FLOAT64), 0)),
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
    COALESCE(`t14`.`back`, 0) AS `back`,
    COALESCE(`t14`.`all`, 0) AS `all`
  FROM (
    SELECT
      IF(pos = pos_2, `p`, NULL) AS `p`
    FROM (
      SELECT
        MIN(`t5`.`lo`) AS `lo`,
        MAX(`t5`.`hi`) AS `hi`
      FROM `t4` AS `t5`
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
      `t5`.`lo` AS `lo0`,
      `t5`.`hi` AS `hi0`
    FROM `t4` AS `t5`
  ) AS `t7`
  LEFT OUTER JOIN (
    SELECT
      `t11`.`p` AS `p_fact`,
      `t11`.`back`,
      `t11`.`all`
    FROM (
      SELECT
        `t9`.`p`,
        SUM(IF(COALESCE(`t9`.`back`, FALSE), 1, 0)) AS `back`,
        COUNT(*) AS `all`
      FROM (
        SELECT
          `t3`.`visitor_id`,
          `t3`.`p`,
          `t3`.`n`,
          (
            `t3`.`p` > MIN(`t3`.`p`) OVER (
              PARTITION BY `t3`.`visitor_id`
              ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
            )
          )
          OR (
            `t3`.`n` >= 2
          ) AS `back`
        FROM (
          SELECT
            `t2`.`visitor_id`,
            `t2`.`p`,
            COUNT(*) AS `n`
          FROM (
            SELECT
              `t0`.`session_date`,
              `t0`.`visitor_id`,
              `t0`.`pageviews`,
              `t0`.`device`,
              `t0`.`source`,
              `t0`.`converted`,
              `t0`.`micro_converted`,
              `t0`.`email_optin`,
              `t0`.`duration_seconds`,
              (
                (
                  (
                    EXTRACT(year FROM `t0`.`session_date`) - 1970
                  ) * 12
                ) + EXTRACT(month FROM `t0`.`session_date`)
              ) - 1 AS `p`
            FROM `sessions` AS `t0`
            WHERE
              `t0`.`session_date` IS NOT NULL AND `t0`.`visitor_id` IS NOT NULL
          ) AS `t2`
          GROUP BY
            1,
            2
        ) AS `t3`
      ) AS `t9`
      GROUP BY
        1
    ) AS `t11`
  ) AS `t14`
    ON `t12`.`p` = `t14`.`p_fact`
) AS `t15`
ORDER BY
  `t15`.`p` ASC NULLS LAST;
