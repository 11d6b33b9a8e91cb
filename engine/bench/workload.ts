// The form data both engines receive at each step of the appeal loop (identical payloads).

/** Task_Receive (form appeal-intake): routes to the labour department. */
export const INTAKE = {
  applicantName: '张三',
  phone: '13800000000',
  category: '劳动纠纷',
  description: '公司拖欠工资三个月未发放',
  channel: '窗口',
};

/** Task_HandleLabour (form appeal-handle). */
export const HANDLE = { result: '已协调企业补发全部拖欠工资', resolved: true };

/** Task_FollowUp (form appeal-followup). */
export const FOLLOW_UP = { satisfaction: '满意', remark: '群众对处理结果表示满意' };
