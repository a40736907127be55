-- want: hr.employees, hr.employees
with recursive tree as (select id, manager_id from hr.employees where manager_id is null union all select e.id, e.manager_id from hr.employees e join tree t on e.manager_id = t.id) select * from tree
