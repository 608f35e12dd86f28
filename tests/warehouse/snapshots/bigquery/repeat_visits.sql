-- xlkpi repeat_visits: Repeat visits, per month, options: defaults; bigquery SQL
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
  `t17`.`p` AS `period`,
  '' AS `segment`,
  IF(
    `t17`.`covered`,
    CAST(`t17`.`sessions` - `t17`.`visitors` AS FLOAT64),
    CAST(NULL AS FLOAT64)
  ) AS `value`
FROM (
  SELECT
    `t16`.`p`,
    COALESCE(
      TRUE
      AND (
        (
          `t16`.`p` >= `t9`.`lo0`
        ) AND (
          `t16`.`p` <= `t9`.`hi0`
        )
      ),
      FALSE
    ) AS `covered`,
    COALESCE(`t11`.`visitors`, 0) AS `visitors`,
    COALESCE(`t11`.`opted`, 0) AS `opted`,
    COALESCE(`t14`.`sessions`, 0) AS `sessions`,
    COALESCE(`t14`.`bounced`, 0) AS `bounced`,
    COALESCE(`t14`.`engaged`, 0) AS `engaged`,
    COALESCE(`t14`.`converted`, 0) AS `converted`,
    COALESCE(`t14`.`micro`, 0) AS `micro`
  FROM (
    SELECT
      IF(pos = pos_2, `p`, NULL) AS `p`
    FROM (
      SELECT
        MIN(`t5`.`lo`) AS `lo`,
        MAX(`t5`.`hi`) AS `hi`
      FROM `t4` AS `t5`
    ) AS `t10`
    CROSS JOIN UNNEST(GENERATE_ARRAY(
      0,
      GREATEST(
        ARRAY_LENGTH(
          IF(
            NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
              `t10`.`hi` + 1
            ) - `t10`.`lo`),
            ARRAY(
              SELECT
                ibis_bq_arr_range_1
              FROM UNNEST(GENERATE_ARRAY(`t10`.`lo`, `t10`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
              WHERE
                ibis_bq_arr_range_1 <> (
                  `t10`.`hi` + 1
                )
            ),
            []
          )
        )
      ) - 1
    )) AS pos
    CROSS JOIN UNNEST(IF(
      NOT NULLIF(1, 0) IS NULL AND SIGN(1) = SIGN((
        `t10`.`hi` + 1
      ) - `t10`.`lo`),
      ARRAY(
        SELECT
          ibis_bq_arr_range_1
        FROM UNNEST(GENERATE_ARRAY(`t10`.`lo`, `t10`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
        WHERE
          ibis_bq_arr_range_1 <> (
            `t10`.`hi` + 1
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
                `t10`.`hi` + 1
              ) - `t10`.`lo`),
              ARRAY(
                SELECT
                  ibis_bq_arr_range_1
                FROM UNNEST(GENERATE_ARRAY(`t10`.`lo`, `t10`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                WHERE
                  ibis_bq_arr_range_1 <> (
                    `t10`.`hi` + 1
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
                `t10`.`hi` + 1
              ) - `t10`.`lo`),
              ARRAY(
                SELECT
                  ibis_bq_arr_range_1
                FROM UNNEST(GENERATE_ARRAY(`t10`.`lo`, `t10`.`hi` + 1, 1)) AS ibis_bq_arr_range_1
                WHERE
                  ibis_bq_arr_range_1 <> (
                    `t10`.`hi` + 1
                  )
              ),
              []
            )
          ) - 1
        )
      )
  ) AS `t16`
  CROSS JOIN (
    SELECT
      `t5`.`lo` AS `lo0`,
      `t5`.`hi` AS `hi0`
    FROM `t4` AS `t5`
  ) AS `t9`
  LEFT OUTER JOIN (
    SELECT
      `t6`.`p` AS `p_fact`,
      `t6`.`visitors`,
      `t6`.`opted`
    FROM (
      SELECT
        `t2`.`p`,
        COUNT(DISTINCT `t2`.`visitor_id`) AS `visitors`,
        COUNT(
          DISTINCT IF(COALESCE(`t2`.`email_optin`, FALSE), `t2`.`visitor_id`, CAST(NULL AS STRING))
        ) AS `opted`
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
        1
    ) AS `t6`
  ) AS `t11`
    ON `t16`.`p` = `t11`.`p_fact`
  LEFT OUTER JOIN (
    SELECT
      `t12`.`p` AS `p_fact`,
      `t12`.`sessions`,
      `t12`.`bounced`,
      `t12`.`engaged`,
      `t12`.`converted`,
      `t12`.`micro`
    FROM (
      SELECT
        `t3`.`p`,
        COUNT(*) AS `sessions`,
        SUM(IF(COALESCE(`t3`.`pageviews` = 1, FALSE), 1, 0)) AS `bounced`,
        SUM(
          IF(
            COALESCE(
              (
                COALESCE(`t3`.`duration_seconds`, 0) > 10.0
              )
              OR (
                `t3`.`pageviews` >= 2
              )
              OR COALESCE(`t3`.`converted`, FALSE),
              FALSE
            ),
            1,
            0
          )
        ) AS `engaged`,
        SUM(IF(COALESCE(COALESCE(`t3`.`converted`, FALSE), FALSE), 1, 0)) AS `converted`,
        SUM(IF(COALESCE(COALESCE(`t3`.`micro_converted`, FALSE), FALSE), 1, 0)) AS `micro`
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
          `t0`.`session_date` IS NOT NULL
      ) AS `t3`
      GROUP BY
        1
    ) AS `t12`
  ) AS `t14`
    ON `t16`.`p` = `t14`.`p_fact`
) AS `t17`
ORDER BY
  `t17`.`p` ASC NULLS LAST;
