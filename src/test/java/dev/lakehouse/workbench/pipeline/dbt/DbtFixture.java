package dev.lakehouse.workbench.pipeline.dbt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small shop project in dbt's layout, written into a folder for a test. */
final class DbtFixture {

  private DbtFixture() {}

  static void write(Path dir, String rel, String text) throws IOException {
    Path f = dir.resolve(rel);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }

  static Path shop(Path dir) throws IOException {
    write(dir, "dbt_project.yml", """
        name: shop
        version: '1.0'
        config-version: 2
        profile: shop
        vars:
          min_amount: 0
        models:
          shop:
            +materialized: table
            staging:
              +materialized: view
              +tags: [staging]
        """);
    write(dir, "seeds/raw_orders.csv", """
        id,customer_id,status,amount
        1,10,placed,20.5
        2,11,shipped,10
        3,10,returned,5
        """);
    write(dir, "seeds/raw_customers.csv", """
        id,name
        10,Ada
        11,Grace
        """);
    write(dir, "macros/cents.sql", """
        {% macro to_cents(col) -%}
          cast(round({{ col }} * 100) as bigint)
        {%- endmacro %}
        """);
    write(dir, "models/staging/stg_orders.sql", """
        select id as order_id, customer_id, status, {{ to_cents('amount') }} as amount_cents
        from {{ ref('raw_orders') }}
        where amount >= {{ var('min_amount') }}
        """);
    write(dir, "models/staging/stg_customers.sql", """
        {{ config(materialized='ephemeral') }}
        select id as customer_id, name from {{ ref('raw_customers') }}
        """);
    write(dir, "models/marts/customer_revenue.sql", """
        with o as (select * from {{ ref('stg_orders') }})
        select c.customer_id, c.name, sum(o.amount_cents) as revenue_cents
        from {{ ref('stg_customers') }} c join o on o.customer_id = c.customer_id
        group by c.customer_id, c.name
        """);
    write(dir, "models/schema.yml", """
        version: 2
        models:
          - name: stg_orders
            columns:
              - name: order_id
                data_tests: [not_null, unique]
              - name: status
                data_tests:
                  - accepted_values:
                      arguments:
                        values: [placed, shipped, returned]
              - name: customer_id
                tests:
                  - relationships:
                      to: ref('raw_customers')
                      field: id
          - name: customer_revenue
            columns:
              - name: customer_id
                data_tests:
                  - unique
                  - not_null
        """);
    write(dir, "tests/no_negative_revenue.sql", """
        select * from {{ ref('customer_revenue') }} where revenue_cents < 0
        """);
    return dir;
  }
}
