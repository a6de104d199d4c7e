-- The 审议意见书's default paragraph named the report reviewed as "{机关}关于{议题}的报告",
-- while {议题} is the oversight item's title, itself the report's name ("听取和审议市人民政府关于……
-- 的报告"): printed "……关于市人民政府关于……的报告的报告". {议题} is now the report reviewed,
-- named once (core::official::review_subject); templates saved with the old default sentence
-- get the new one. Other wording a congress wrote is left as it is.
UPDATE official_templates
   SET template = REPLACE(template, '对{机关}关于{议题}的报告进行了审议', '对{议题}进行了审议')
 WHERE kind = 'review_opinion';
