"""The sheet contract: client fields with their default headers and aliases, and status words."""

from __future__ import annotations

from enum import StrEnum


class Field(StrEnum):
    """A column of the clients tab, by meaning."""

    id = "id"
    company = "company"
    contact = "contact"
    phone = "phone"
    email = "email"
    status = "status"
    refusal_reason = "refusal_reason"
    last_contact = "last_contact"
    next_contact = "next_contact"
    last_purchase = "last_purchase"
    value = "value"
    owner = "owner"
    segment = "segment"
    next_action = "next_action"
    note = "note"


# Default header first, then the aliases recognised in any case, spacing and ё/е.
HEADERS: dict[Field, tuple[str, ...]] = {
    Field.id: ("ID", "Код", "id", "№ клиента", "Код клиента", "ID клиента", "Client ID"),
    Field.company: ("Компания", "Клиент", "Организация", "Company", "Client", "Название",
                    "Название компании", "Наименование", "Контрагент", "Company name"),
    Field.contact: ("Контактное лицо", "ФИО", "Contact", "Контакт", "Contact person",
                    "Имя", "Name", "Контактное лицо (ФИО)"),
    Field.phone: ("Телефон", "Phone", "Тел.", "Тел", "Phone number", "Номер телефона",
                  "Мобильный", "Mobile"),
    Field.email: ("Email", "E-mail", "Почта", "Эл. почта", "Эл.почта", "Электронная почта",
                  "Mail"),
    Field.status: ("Статус", "Этап", "Status", "Stage", "Статус клиента"),
    Field.refusal_reason: ("Причина отказа", "Refusal reason", "Причина", "Reason"),
    Field.last_contact: ("Дата последнего контакта", "Last contact", "Последний контакт",
                         "Дата последнего звонка", "Последний звонок", "Last contact date"),
    Field.next_contact: ("Дата следующего контакта", "Next contact", "Следующий контакт",
                         "Дата следующего звонка", "Следующий звонок", "Дата след. контакта",
                         "Next contact date", "Перезвонить"),
    Field.last_purchase: ("Дата последней покупки", "Last purchase", "Последняя покупка",
                          "Дата покупки", "Last purchase date"),
    Field.value: ("Сумма", "Потенциал", "Value", "Amount", "Сумма сделки", "Бюджет"),
    Field.owner: ("Ответственный", "Менеджер", "Owner", "Manager", "Ответственный менеджер"),
    Field.segment: ("Сегмент", "Segment"),
    Field.next_action: ("Следующее действие", "Next action"),
    Field.note: ("Комментарий", "Note", "Примечание", "Comment", "Notes", "Комментарии",
                 "Заметки"),
}

# Columns the bot writes; added after the last column when the sheet lacks them.
BOT_FIELDS: tuple[Field, ...] = (Field.id, Field.owner, Field.segment, Field.next_action)

# Field kinds, for parsing and for the words of a problem.
DATE_FIELDS = frozenset({Field.last_contact, Field.next_contact, Field.last_purchase})


class Status(StrEnum):
    """A client's stage, as the manager writes it in the status column."""

    new = "new"
    no_answer = "no_answer"
    refused_early = "refused_early"
    offer_sent = "offer_sent"
    refused_after_offer = "refused_after_offer"
    interested = "interested"
    special_offer_sent = "special_offer_sent"
    refused_after_special = "refused_after_special"
    customer = "customer"
    do_not_call = "do_not_call"


STATUS_WORDS: dict[Status, str] = {
    Status.new: "Новый",
    Status.no_answer: "Недозвон",
    Status.refused_early: "Отказ сразу",
    Status.offer_sent: "КП отправлено",
    Status.refused_after_offer: "Отказ после КП",
    Status.interested: "Интерес",
    Status.special_offer_sent: "Спецпредложение отправлено",
    Status.refused_after_special: "Отказ после спецпредложения",
    Status.customer: "Клиент",
    Status.do_not_call: "Не звонить",
}

# English words are always understood too, so an English-speaking team can type them.
STATUS_WORDS_EN: dict[Status, str] = {
    Status.new: "New",
    Status.no_answer: "No answer",
    Status.refused_early: "Refused at once",
    Status.offer_sent: "Offer sent",
    Status.refused_after_offer: "Refused after offer",
    Status.interested: "Interested",
    Status.special_offer_sent: "Special offer sent",
    Status.refused_after_special: "Refused after special offer",
    Status.customer: "Customer",
    Status.do_not_call: "Do not call",
}
