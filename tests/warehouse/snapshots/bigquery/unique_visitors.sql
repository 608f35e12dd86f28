-- xlkpi unique_visitors: Unique visitors, per month, options: defaults; bigquery SQL
WITH `t3` AS (
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
  `t13`.`p` AS `period`,
  '' AS `segment`,
  IF(`t13`.`covered`, CAST(`t13`.`visitors` AS FLOAT64), CAST(NULL AS FLOAT64)) AS `value`
FROM (
  SELECT
    `t12`.`p`,
    COALESCE(
      TRUE
      AND (
        (
          `t12`.`p` >= `t8`.`lo0`
        ) AND (
          `t12`.`p` <= `t8`.`hi0`
        )
      ),
      FALSE
    ) AS `covered`,
    COALESCE(`t10`.`visitors`, 0) AS `visitors`,
    COALESCE(`t10`.`opted`, 0) AS `opted`
  FROM (
    SELECT
      IF(pos = pos_2, `p`, NULL) AS `p`
    FROM (
      SELECT
        MIN(`t4`.`lo`) AS `lo`,
        MAX(`t4`.`hi`) AS `hi`
      FROM `t3` AS `t4`
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
  ) AS `t12`
  CROSS JOIN (
    SELECT
      `t4`.`lo` AS `lo0`,
      `t4`.`hi` AS `hi0`
    FROM `t3` AS `t4`
  ) AS `t8`
  LEFT OUTER JOIN (
    SELECT
      `t5`.`p` AS `p_fact`,
      `t5`.`visitors`,
      `t5`.`opted`
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
    ) AS `t5`
  ) AS `t10`
    ON `t12`.`p` = `t10`.`p_fact`
) AS `t13`
ORDER BY
  `t13`.`p` ASC NULLS LAST;
