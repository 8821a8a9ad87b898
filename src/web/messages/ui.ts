// Words of the shared components in src/web/components.
import type { CatalogSet } from '../i18n.ts';

export const ui: CatalogSet = {
  en: {
    'ui.pagination.label': 'Pages',
    'ui.pagination.previous': 'Previous',
    'ui.pagination.next': 'Next',
    'ui.pagination.page': 'Page {page}',
    'ui.form.errors.one': 'There is {count} problem with this form',
    'ui.form.errors.other': 'There are {count} problems with this form',
    'ui.table.empty': 'Nothing here yet.',
  },
  ru: {
    'ui.pagination.label': 'Страницы',
    'ui.pagination.previous': 'Назад',
    'ui.pagination.next': 'Вперёд',
    'ui.pagination.page': 'Страница {page}',
    'ui.form.errors.one': 'В форме {count} ошибка',
    'ui.form.errors.few': 'В форме {count} ошибки',
    'ui.form.errors.many': 'В форме {count} ошибок',
    'ui.form.errors.other': 'В форме {count} ошибки',
    'ui.table.empty': 'Пока ничего нет.',
  },
  kk: {
    'ui.pagination.label': 'Беттер',
    'ui.pagination.previous': 'Алдыңғы',
    'ui.pagination.next': 'Келесі',
    'ui.pagination.page': '{page}-бет',
    'ui.form.errors.one': 'Формада {count} қате бар',
    'ui.form.errors.other': 'Формада {count} қате бар',
    'ui.table.empty': 'Әзірге ештеңе жоқ.',
  },
};
