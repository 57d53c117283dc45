"""reminders: settings, push subscriptions, calendar feed token

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 11:03:43.900291

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("routine", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("lying_down", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    
    op.create_table('push_subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('endpoint', sa.String(length=2048), nullable=False),
    sa.Column('p256dh', sa.String(length=128), nullable=False),
    sa.Column('auth', sa.String(length=64), nullable=False),
    sa.Column('sign_in_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_push_subscription_user_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sign_in_id'], ['sign_in.id'], name=op.f('fk_push_subscription_sign_in_id_sign_in'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_push_subscription')),
    sa.UniqueConstraint('endpoint', name=op.f('uq_push_subscription_endpoint'))
    )
    with op.batch_alter_table('push_subscription', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_push_subscription_sign_in_id'), ['sign_in_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_push_subscription_user_id'), ['user_id'], unique=False)

    op.create_table('reminder_setting',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('local_time', sa.String(length=5), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('days', sa.JSON(), nullable=False),
    sa.Column('skip_if_done', sa.Boolean(), nullable=False),
    sa.Column('next_due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_sent_on', sa.Date(), nullable=True),
    sa.Column('calendar_token', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_reminder_setting_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_reminder_setting')),
    sa.UniqueConstraint('calendar_token', name=op.f('uq_reminder_setting_calendar_token'))
    )
    with op.batch_alter_table('reminder_setting', schema=None) as batch_op:
        batch_op.create_index('ix_reminder_setting_due', ['enabled', 'next_due_at'], unique=False)

    


def downgrade():
    
    with op.batch_alter_table('reminder_setting', schema=None) as batch_op:
        batch_op.drop_index('ix_reminder_setting_due')

    op.drop_table('reminder_setting')
    with op.batch_alter_table('push_subscription', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_push_subscription_user_id'))
        batch_op.drop_index(batch_op.f('ix_push_subscription_sign_in_id'))

    op.drop_table('push_subscription')
    with op.batch_alter_table("routine", schema=None) as batch_op:
        batch_op.drop_column("lying_down")
    
